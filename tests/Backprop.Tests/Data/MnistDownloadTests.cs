using System.Net;
using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>The download path is exercised against local files only: nothing here reaches the network.</summary>
public sealed class MnistDownloadTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("mnist-cache").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private static string RepositoryMnist()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "data", "mnist");
            if (File.Exists(Path.Combine(candidate, Mnist.TestLabelsFile)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/data/mnist not found above the test binaries.");
    }

    /// <summary>Serves files from a folder (or fixed bytes) and counts requests.</summary>
    private sealed class LocalHandler(string folder, byte[]? replacement = null) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            string file = Path.Combine(folder, Path.GetFileName(request.RequestUri!.LocalPath));
            var body = replacement ?? File.ReadAllBytes(file);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        }
    }

    [Fact]
    public async Task Files_from_a_handler_are_verified_cached_and_loadable()
    {
        using var handler = new LocalHandler(RepositoryMnist());
        var fakeMirror = new Uri("https://mirror.invalid/mnist/");

        await Mnist.DownloadAsync(_cache, fakeMirror, handler);
        handler.Requests.Should().Be(4);
        await Mnist.DownloadAsync(_cache, fakeMirror, handler);
        handler.Requests.Should().Be(4, "verified files in the cache are not fetched again");

        var test = Mnist.LoadTest<float>(_cache);
        (test.Count, test.FeatureCount).Should().Be((10_000, 784));
    }

    [Fact]
    public async Task A_file_uri_mirror_works_too()
    {
        await Mnist.DownloadAsync(_cache, new Uri(RepositoryMnist() + "/"));
        Directory.GetFiles(_cache).Select(Path.GetFileName).Should().BeEquivalentTo(Mnist.Sha256.Keys);
    }

    [Fact]
    public async Task A_download_with_the_wrong_hash_is_discarded_and_reported()
    {
        using var handler = new LocalHandler(_cache, replacement: IdxTests.Gzip(IdxTests.Labels(1, 2, 3)));

        var act = () => Mnist.DownloadAsync(_cache, new Uri("https://mirror.invalid/"), handler);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*SHA-256*published value is*");
        Directory.GetFiles(_cache).Should().BeEmpty("neither the bad download nor its temporary file may stay");
    }
}
