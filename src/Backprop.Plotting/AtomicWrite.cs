namespace Backprop.Plotting;

/// <summary>
/// Writes a file through a temporary file in the same folder, flushed and renamed over the target, so a reader sees
/// the old file or the new one, never a part (the core's AtomicFile is internal to the Backprop assembly).
/// </summary>
internal static class AtomicWrite
{
    /// <summary>Replaces <paramref name="fullPath"/> with <paramref name="bytes"/>.</summary>
    public static void Bytes(string fullPath, byte[] bytes)
    {
        string temp = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
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

            throw;
        }
    }
}
