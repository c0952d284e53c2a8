using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Augmentation;

/// <summary>Shared helper of the intensity transforms.</summary>
internal static class Intensity
{
    public static void Clip<T>(Span<T> sample, (double Min, double Max)? clamp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (clamp is { } c)
        {
            TensorPrimitives.Clamp<T>(sample, T.CreateTruncating(c.Min), T.CreateTruncating(c.Max), sample);
        }
    }
}
