namespace Backprop.Serialization;

/// <summary>
/// Replaces a file atomically: the content goes to a temporary file in the same folder, is flushed to the disk, and
/// is renamed over the target (an atomic replace on POSIX file systems and NTFS). A crash at any moment leaves either
/// the old file or the new one, never a mix; a failed write deletes its temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        if (!Directory.Exists(folder))
        {
            // Checked first, so that the message names the file asked for, not the temporary file beside it.
            throw new DirectoryNotFoundException($"Cannot write '{full}': its folder '{folder}' does not exist (create it first, e.g. Directory.CreateDirectory).");
        }

        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the target is untouched either way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
