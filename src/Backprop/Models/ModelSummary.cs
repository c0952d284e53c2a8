using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Backprop.Layers;

namespace Backprop.Models;

/// <summary>
/// The text of <see cref="Sequential{T}.Summary"/>: Keras's table — layer name and type, output shape with
/// <c>None</c> for the batch, parameter count — then total, trainable and non-trainable parameters with their size in
/// memory, as Keras 3 prints them (1 KB = 1024 B). ASCII rules (Keras 2's) instead of Keras 3's box drawing, so the
/// table survives any console encoding, log file or diff.
/// </summary>
internal static class ModelSummary
{
    private const string Header1 = "Layer (type)";
    private const string Header2 = "Output Shape";
    private const string Header3 = "Param #";

    public static string Write<T>(IReadOnlyList<Layer<T>> layers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = layers.Select(l => (
            Name: $"{l.Name} ({TypeName(l.GetType())})",
            Shape: l.IsBuilt ? string.Create(CultureInfo.InvariantCulture, $"(None, {l.OutputFeatures})") : "?",
            Params: l.IsBuilt ? Count(l.Parameters.Sum(p => (long)p.Length)) : "0 (unbuilt)")).ToList();
        int w1 = Math.Max(28, rows.Select(r => r.Name.Length + 2).DefaultIfEmpty(0).Max());
        int w2 = Math.Max(24, rows.Select(r => r.Shape.Length + 2).DefaultIfEmpty(0).Max());
        int w3 = Math.Max(13, rows.Select(r => r.Params.Length).DefaultIfEmpty(0).Max());
        int width = 1 + w1 + w2 + w3;

        var all = layers.SelectMany(l => l.Parameters).ToList();
        long trainable = all.Where(IsTrainable).Sum(p => (long)p.Length);
        long total = all.Sum(p => (long)p.Length);
        int size = Unsafe.SizeOf<T>();

        var sb = new StringBuilder();
        sb.Append("Model: \"sequential\"\n");
        sb.Append('_', width).Append('\n');
        Line(sb, Header1.PadRight(w1) + Header2.PadRight(w2) + Header3.PadLeft(w3));
        sb.Append('=', width).Append('\n');
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            Line(sb, rows[i].Name.PadRight(w1) + rows[i].Shape.PadRight(w2) + rows[i].Params.PadLeft(w3));
        }

        sb.Append('=', width).Append('\n');
        Line(sb, $"Total params: {Count(total)} ({Bytes(total * size)})");
        Line(sb, $"Trainable params: {Count(trainable)} ({Bytes(trainable * size)})");
        Line(sb, $"Non-trainable params: {Count(total - trainable)} ({Bytes((total - trainable) * size)})");
        sb.Append('_', width);
        return sb.ToString();
    }

    /// <summary>A parameter the optimizer updates: not frozen, not a running statistic.</summary>
    private static bool IsTrainable<T>(Parameter<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        => p.Trainable && p.Role != ParameterRole.RunningStatistic;

    private static void Line(StringBuilder sb, string text) => sb.Append(' ').Append(text.TrimEnd()).Append('\n');

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Keras 3's readable size: B, KB, MB, GB, TB with two decimals, 1024 per step.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int u = 0;
        while (value >= 1024 && u < units.Length - 1)
        {
            value /= 1024;
            u++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:F2} {units[u]}");
    }

    private static string TypeName(Type type) => type.Name.Split('`')[0];
}
