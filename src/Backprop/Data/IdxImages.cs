namespace Backprop.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes, row-major.</summary>
/// <remarks>Thread safety: an immutable record (do not write its pixel array while others read it); safe to
/// share.</remarks>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Pixel rows per image.</param>
/// <param name="Columns">Pixel columns per image.</param>
/// <param name="Pixels">All pixels, image after image (Count × Rows × Columns bytes, 0–255).</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Pixels per image, Rows × Columns.</summary>
    public int PixelsPerImage => Rows * Columns;
}
