using System.Numerics;
using System.Security.Cryptography;

namespace Backprop.Data;

/// <summary>
/// The MNIST handwritten digits (LeCun, Cortes &amp; Burges; CC BY-SA 3.0): 60,000 training and 10,000 test images of
/// 28 × 28 grey pixels. Loads the four standard IDX files from a folder (raw or <c>.gz</c>) as datasets with pixels
/// scaled to [0, 1] and class-index targets, and can download them once into a cache folder, verifying SHA-256.
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
public static class Mnist
{
    /// <summary>Training images file name.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz";

    /// <summary>Training labels file name.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";

    /// <summary>Test images file name.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";

    /// <summary>Test labels file name.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>The published SHA-256 of each standard (gzip-compressed) file.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TrainImagesFile] = "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        [TrainLabelsFile] = "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        [TestImagesFile] = "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        [TestLabelsFile] = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    };

    /// <summary>The default download mirror (the one torchvision uses).</summary>
    public static Uri DefaultMirror { get; } = new("https://ossci-datasets.s3.amazonaws.com/mnist/");

    /// <summary>The 60,000 training images from <paramref name="directory"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="directory">A folder with the standard files (raw or <c>.gz</c>).</param>
    /// <returns>Pixels in [0, 1] <c>[N, 784]</c>, labels <c>[N, 1]</c>.</returns>
    public static Dataset<T> LoadTrain<T>(string directory) where T : unmanaged, IFloatingPointIeee754<T>
        => Load<T>(Find(directory, TrainImagesFile), Find(directory, TrainLabelsFile));

    /// <summary>The 10,000 test images from <paramref name="directory"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="directory">A folder with the standard files (raw or <c>.gz</c>).</param>
    /// <returns>Pixels in [0, 1] <c>[N, 784]</c>, labels <c>[N, 1]</c>.</returns>
    public static Dataset<T> LoadTest<T>(string directory) where T : unmanaged, IFloatingPointIeee754<T>
        => Load<T>(Find(directory, TestImagesFile), Find(directory, TestLabelsFile));

    /// <summary>Pairs an IDX image file with its label file.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="imagesPath">The image file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <returns>Pixels scaled to [0, 1] <c>[N, rows·columns]</c> and class indices <c>[N, 1]</c>.</returns>
    /// <exception cref="InvalidDataException">A bad file, or image and label counts that differ.</exception>
    public static Dataset<T> Load<T>(string imagesPath, string labelsPath) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var images = Idx.ReadImages(imagesPath);
        var labels = Idx.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; they must pair one to one.");
        }

        if (images.Count == 0)
        {
            throw new InvalidDataException($"'{imagesPath}' holds no images.");
        }

        var x = new Tensor2D<T>(images.Count, images.PixelsPerImage);
        var span = x.Span;
        T scale = T.One / T.CreateTruncating(255);
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateTruncating(images.Pixels[i]) * scale;
        }

        var y = new Tensor2D<T>(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++)
        {
            y[i, 0] = T.CreateTruncating(labels[i]);
        }

        return new Dataset<T>(x, y);
    }

    /// <summary>
    /// Makes sure the four standard files are in <paramref name="cacheDirectory"/>: files already there with the right
    /// SHA-256 are kept; others are fetched from <paramref name="baseUri"/> (http(s) or <c>file://</c>), verified and
    /// moved into place atomically. A download whose hash differs is deleted and reported.
    /// </summary>
    /// <param name="cacheDirectory">The cache folder (created if missing).</param>
    /// <param name="baseUri">Where the files live (default <see cref="DefaultMirror"/>); must end with '/'.</param>
    /// <param name="handler">Optional HTTP handler (proxies, tests); not disposed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The cache folder, ready for <see cref="LoadTrain{T}"/> and <see cref="LoadTest{T}"/>.</returns>
    /// <exception cref="InvalidDataException">A downloaded file does not have its published SHA-256.</exception>
    public static async Task<string> DownloadAsync(string cacheDirectory, Uri? baseUri = null, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        baseUri ??= DefaultMirror;
        if (!baseUri.IsAbsoluteUri || !baseUri.AbsoluteUri.EndsWith('/'))
        {
            throw new ArgumentException($"The base address must be absolute and end with '/'; got '{baseUri}'.", nameof(baseUri));
        }

        Directory.CreateDirectory(cacheDirectory);
        using var client = baseUri.IsFile ? null : handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        foreach (var (file, expected) in Sha256)
        {
            string target = Path.Combine(cacheDirectory, file);
            if (File.Exists(target) && await HashOfAsync(target, cancellationToken).ConfigureAwait(false) == expected)
            {
                continue;
            }

            var source = new Uri(baseUri, file);
            string temp = target + ".download";
            try
            {
                await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    if (client is null)
                    {
                        await using var input = File.OpenRead(source.LocalPath);
                        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        using var response = await client.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                        response.EnsureSuccessStatusCode();
                        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }

                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                string actual = await HashOfAsync(temp, cancellationToken).ConfigureAwait(false);
                if (actual != expected)
                {
                    throw new InvalidDataException(
                        $"The download of '{file}' from '{source}' has SHA-256 {actual} but the published value is {expected}; the file was discarded.");
                }

                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        return cacheDirectory;
    }

    private static async Task<string> HashOfAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private static string Find(string directory, string gzName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string gz = Path.Combine(directory, gzName);
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = gz[..^3];
        if (File.Exists(raw))
        {
            return raw;
        }

        throw new FileNotFoundException(
            $"Neither '{gzName}' nor '{Path.GetFileName(raw)}' is in '{directory}'. Copy the MNIST files there or call Mnist.DownloadAsync.", gz);
    }
}
