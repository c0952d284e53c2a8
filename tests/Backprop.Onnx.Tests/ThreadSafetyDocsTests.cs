using System.Xml.Linq;

namespace Backprop.Onnx.Tests;

/// <summary>The core's rule for Backprop.Onnx too: every public type says whether it may be shared between threads.</summary>
public sealed class ThreadSafetyDocsTests
{
    [Fact]
    public void Every_public_type_documents_its_thread_safety()
    {
        var assembly = typeof(OnnxExport).Assembly;
        var xml = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var docs = xml.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m.Value, StringComparer.Ordinal);
        var types = assembly.GetExportedTypes();
        var missing = types
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !docs.TryGetValue("T:" + name, out var text) || !text.Contains("Thread safety:", StringComparison.Ordinal))
            .ToList();

        types.Should().NotBeEmpty();
        missing.Should().BeEmpty();
    }
}
