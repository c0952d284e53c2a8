using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Backprop.Training;
using FluentAssertions;

namespace Backprop.Tests.Training;

/// <summary>
/// What keeps the library working when an app is trimmed or published with NativeAOT (issue 14). The app that proves
/// it end to end is tests/aot (published with NativeAOT in CI); these checks name the two contracts it relies on.
/// </summary>
public class TrimmingTests
{
    /// <summary>
    /// Fit asks each callback's runtime type whether it overrides a batch hook (<c>GetType().GetMethod</c>). In a
    /// NativeAOT app without this annotation the trimmer dropped those methods' metadata, GetMethod returned null and
    /// the first Fit with any callback threw NullReferenceException.
    /// </summary>
    [Fact]
    public void Callback_keeps_the_public_methods_of_every_callback_type()
    {
        var attribute = typeof(Callback).GetCustomAttribute<DynamicallyAccessedMembersAttribute>();

        attribute.Should().NotBeNull();
        attribute!.MemberTypes.Should().HaveFlag(DynamicallyAccessedMemberTypes.PublicMethods);
    }

    /// <summary>The assembly says it is trimmable (IsAotCompatible): its build ran the trim and AOT analyzers.</summary>
    [Fact]
    public void Backprop_assembly_is_marked_trimmable()
    {
        var metadata = typeof(Callback).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>();

        metadata.Should().ContainSingle(m => m.Key == "IsTrimmable").Which.Value.Should().Be("True");
    }
}
