namespace Backprop.Tests;

/// <summary>Deterministic random tensors for tests.</summary>
internal static class TestData
{
    public static Tensor2D<double> Random(int rows, int columns, int seed, double scale = 1.0)
    {
        var rng = new System.Random(seed);
        var t = new Tensor2D<double>(rows, columns);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = ((rng.NextDouble() * 2) - 1) * scale;
        }

        return t;
    }

    public static Tensor2D<float> ToFloat(this Tensor2D<double> values)
    {
        var t = new Tensor2D<float>(values.Rows, values.Columns);
        for (int i = 0; i < t.Length; i++)
        {
            t.Span[i] = (float)values.Span[i];
        }

        return t;
    }

    public static Tensor2D<double> Labels(int rows, int classes, int seed)
    {
        var rng = new System.Random(seed);
        var t = new Tensor2D<double>(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            t[i, 0] = rng.Next(classes);
        }

        return t;
    }

    public static Tensor2D<double> SoftTargets(int rows, int classes, int seed)
    {
        var t = Random(rows, classes, seed);
        for (int r = 0; r < rows; r++)
        {
            var row = t.Row(r);
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                row[c] = Math.Exp(row[c]);
                sum += row[c];
            }

            for (int c = 0; c < classes; c++)
            {
                row[c] /= sum;
            }
        }

        return t;
    }
}
