using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The vectorised element-wise kernels against their scalar definitions, on lengths that exercise the vector body and the tail.</summary>
public class ElementwiseTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(130)]
    public void Relu_backward_passes_the_gradient_where_the_output_is_positive(int length)
    {
        var y = Values(length, 1);
        if (length > 0)
        {
            y[0] = 0; // f'(0) = 0
        }

        var dy = Values(length, 2);
        var dz = new double[length];
        Elementwise.ReluBackward<double>(y, dy, dz);
        dz.Should().Equal(y.Zip(dy, (a, b) => a > 0 ? b : 0.0));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(32, 10)]
    [InlineData(17, 37)]
    public void Column_sums_add_row_after_row_like_one_vector_add_per_row(int rows, int columns)
    {
        var dz = Values(rows * columns, 6).Select(v => (float)v).ToArray();
        var sum = Values(columns, 7).Select(v => (float)v).ToArray();
        var expected = (float[])sum.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                expected[j] += dz[(r * columns) + j];
            }
        }

        Elementwise.AddColumnSums<float>(dz, rows, sum);
        sum.Should().Equal(expected, "the same additions in the same order give the same bits");
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(133, false)]
    [InlineData(133, true)]
    public void Sgd_momentum_matches_the_formula(int length, bool nesterov)
    {
        var w = Values(length, 3);
        var g = Values(length, 4);
        var v = Values(length, 5);
        var (w0, v0) = ((double[])w.Clone(), (double[])v.Clone());
        Elementwise.SgdMomentum<double>(w, g, v, 0.1, 0.9, nesterov);
        for (int i = 0; i < length; i++)
        {
            double vi = (0.9 * v0[i]) + g[i];
            v[i].Should().Be(vi);
            w[i].Should().Be(w0[i] - (0.1 * (nesterov ? g[i] + (0.9 * vi) : vi)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(130)]
    public void Plain_sgd_gives_the_bits_of_w_minus_lr_times_g(int length)
    {
        // Signed zeros and an exact cancellation too: g·(−lr) + w must round like w − lr·g everywhere.
        var w = Values(length, 11);
        var g = Values(length, 12);
        var specials = new (double W, double G)[] { (0.0, 0.0), (-0.0, 0.0), (-0.0, -0.0), (0.0, -0.0), (0.1, 1.0), (-0.0, 1e-300) };
        for (int i = 0; i < Math.Min(length, specials.Length); i++)
        {
            (w[i], g[i]) = specials[i];
        }

        var wf = w.Select(x => (float)x).ToArray();
        var gf = g.Select(x => (float)x).ToArray();
        var expected = w.Zip(g, (wi, gi) => wi - (0.1 * gi)).ToArray();
        var expectedF = wf.Zip(gf, (wi, gi) => wi - (0.1f * gi)).ToArray();

        Elementwise.Sgd<double>(w, g, 0.1);
        Elementwise.Sgd<float>(wf, gf, 0.1f);

        w.Select(BitConverter.DoubleToInt64Bits).Should().Equal(expected.Select(BitConverter.DoubleToInt64Bits));
        wf.Select(BitConverter.SingleToInt32Bits).Should().Equal(expectedF.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(131, false)]
    [InlineData(131, true)]
    public void Adam_matches_the_formula(int length, bool amsGrad)
    {
        var w = Values(length, 6);
        var g = Values(length, 7);
        var m = Values(length, 8);
        var v = Values(length, 9).Select(Math.Abs).ToArray();
        var vMax = amsGrad ? Values(length, 10).Select(Math.Abs).ToArray() : [];
        var (w0, m0, v0, x0) = ((double[])w.Clone(), (double[])m.Clone(), (double[])v.Clone(), (double[])vMax.Clone());
        Elementwise.Adam<double>(w, g, m, v, vMax, 0.01, 0.9, 0.999, 1.5, 2.5, 1e-8);
        for (int i = 0; i < length; i++)
        {
            double mi = (0.9 * m0[i]) + ((1 - 0.9) * g[i]);
            double vi = (0.999 * v0[i]) + ((1 - 0.999) * g[i] * g[i]);
            m[i].Should().Be(mi);
            v[i].Should().Be(vi);
            if (amsGrad)
            {
                vi = Math.Max(x0[i], vi);
                vMax[i].Should().Be(vi);
            }

            w[i].Should().BeApproximately(w0[i] - (0.01 * (mi * 1.5) / (Math.Sqrt(vi * 2.5) + 1e-8)), 1e-15);
        }
    }

    private static double[] Values(int length, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
    }
}
