using System.Xml.Linq;

namespace Backprop.Tests;

/// <summary>Every public type says in its XML docs whether, and how, it may be used from several threads.</summary>
public class ThreadSafetyDocsTests
{
    [Fact]
    public void Every_public_type_documents_its_thread_safety()
    {
        var assembly = typeof(Tensor2D<>).Assembly;
        var xml = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var docs = xml.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m.Value, StringComparer.Ordinal);
        var missing = assembly.GetExportedTypes()
            .Where(t => !t.Name.Contains('<', StringComparison.Ordinal)) // compiler-made (C# 14 extension blocks), documented by their class
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !docs.TryGetValue("T:" + name, out var text) || !text.Contains("thread", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

        missing.Should().BeEmpty("the XML docs of every public type say whether it may be shared between threads (by convention a \"Thread safety:\" remark)");
    }
}
