namespace Backprop.Samples;

/// <summary>Where the samples find the repository, its data and their default output folder.</summary>
internal static class SamplePaths
{
    /// <summary>
    /// The repository root (the folder holding Backprop.sln) above the current folder or the program, or null when the
    /// sample runs outside a clone.
    /// </summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary><c>artifacts/samples/&lt;project&gt;</c> under the repository (ignored by git), else under the current folder.</summary>
    public static string DefaultOut(string project)
        => Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "samples", project.ToLowerInvariant());

    /// <summary>The bundled MNIST files: samples/data/mnist in the repository.</summary>
    public static string Mnist()
    {
        string? root = RepositoryRoot();
        string candidate = Path.Combine(root ?? Directory.GetCurrentDirectory(), "samples", "data", "mnist");
        return File.Exists(Path.Combine(candidate, Backprop.Data.Mnist.TrainImagesFile))
            ? candidate
            : throw new DirectoryNotFoundException($"samples/data/mnist not found (looked in '{candidate}'); run the sample from a clone of the repository.");
    }
}
