using Backprop.Initializers;
using Backprop.Models;

namespace Backprop.Tests.Initializers;

public class InitializerTests
{
    private const int FanIn = 300;
    private const int FanOut = 200;
    private const int Count = FanIn * FanOut; // 60,000 draws: the sample std is within ~0.6 % of the true one

    private static double[] Draw(Initializer init, int seed = 11)
    {
        var values = new double[Count];
        init.Fill<double>(values, FanIn, FanOut, seed);
        return values;
    }

    public static TheoryData<string, double> Uniforms => new()
    {
        { "glorot_uniform", Math.Sqrt(6.0 / (FanIn + FanOut)) },
        { "he_uniform", Math.Sqrt(6.0 / FanIn) },
        { "lecun_uniform", Math.Sqrt(3.0 / FanIn) },
    };

    public static TheoryData<string, double> Normals => new()
    {
        { "glorot_normal", Math.Sqrt(2.0 / (FanIn + FanOut)) },
        { "he_normal", Math.Sqrt(2.0 / FanIn) },
        { "lecun_normal", Math.Sqrt(1.0 / FanIn) },
    };

    private static Initializer ByName(string name) => name switch
    {
        "glorot_uniform" => Initializer.GlorotUniform,
        "he_uniform" => Initializer.HeUniform,
        "lecun_uniform" => Initializer.LeCunUniform,
        "glorot_normal" => Initializer.GlorotNormal,
        "he_normal" => Initializer.HeNormal,
        "lecun_normal" => Initializer.LeCunNormal,
        _ => throw new ArgumentException(name),
    };

    private static (double Mean, double Std) Moments(double[] v)
    {
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)));
    }

    [Theory]
    [MemberData(nameof(Uniforms))]
    public void Uniform_initializers_stay_within_their_limit_and_have_variance_limit_squared_over_three(string name, double limit)
    {
        var values = Draw(ByName(name));
        var (mean, std) = Moments(values);

        values.Should().OnlyContain(v => Math.Abs(v) <= limit);
        values.Max().Should().BeGreaterThan(0.99 * limit, "the draws should fill the interval");
        values.Min().Should().BeLessThan(-0.99 * limit);
        mean.Should().BeApproximately(0, 0.02 * limit);
        std.Should().BeApproximately(limit / Math.Sqrt(3), 0.02 * limit / Math.Sqrt(3));
        ByName(name).Name.Should().Be(name);
    }

    [Theory]
    [MemberData(nameof(Normals))]
    public void Normal_initializers_have_mean_zero_and_their_standard_deviation(string name, double sigma)
    {
        var values = Draw(ByName(name));
        var (mean, std) = Moments(values);

        mean.Should().BeApproximately(0, 0.02 * sigma);
        std.Should().BeApproximately(sigma, 0.02 * sigma);
        values.Count(v => Math.Abs(v) > 2 * sigma).Should().BeInRange((int)(0.04 * Count), (int)(0.052 * Count), "≈4.55 % of a normal lies beyond 2σ (untruncated)");
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_another_seed_does_not()
    {
        foreach (var init in new[] { Initializer.GlorotUniform, Initializer.HeNormal, Initializer.LeCunNormal })
        {
            Draw(init, seed: 5).Should().Equal(Draw(init, seed: 5));
            Draw(init, seed: 5).Should().NotEqual(Draw(init, seed: 6));
        }
    }

    [Fact]
    public void Float_draws_are_the_double_draws_rounded()
    {
        var d = new double[100];
        var f = new float[100];
        Initializer.HeUniform.Fill<double>(d, 10, 10, 3);
        Initializer.HeUniform.Fill<float>(f, 10, 10, 3);

        f.Should().Equal(d.Select(x => (float)x));
    }

    [Fact]
    public void Zeros_ones_and_constants_fill_every_element()
    {
        var values = new double[7];
        Initializer.Zeros.Fill<double>(values, 3, 3, 1);
        values.Should().OnlyContain(v => v == 0);
        Initializer.Ones.Fill<double>(values, 3, 3, 1);
        values.Should().OnlyContain(v => v == 1);
        Initializer.Constant(-0.25).Fill<double>(values, 3, 3, 1);
        values.Should().OnlyContain(v => v == -0.25);
        Initializer.Zeros.Name.Should().Be("zeros");
        FluentActions.Invoking(() => Initializer.Constant(double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Dense_layers_use_their_initializers_with_the_model_seed()
    {
        Backprop.Layers.Dense<double> Build(int seed)
        {
            var dense = new Backprop.Layers.Dense<double>(4, kernelInitializer: Initializer.HeNormal, biasInitializer: Initializer.Constant(0.1));
            new Sequential<double>(dense).Build(3, seed);
            return dense;
        }

        Build(1).Kernel.Value.Span.ToArray().Should().Equal(Build(1).Kernel.Value.Span.ToArray());
        Build(1).Kernel.Value.Span.ToArray().Should().NotEqual(Build(2).Kernel.Value.Span.ToArray());
        Build(1).Bias!.Value.Span.ToArray().Should().OnlyContain(v => v == 0.1);
    }

    [Fact]
    public void Variance_scaling_rejects_a_non_positive_scale()
        => FluentActions.Invoking(() => new VarianceScaling(0, FanMode.In, Distribution.Normal)).Should().Throw<ArgumentOutOfRangeException>();
}
