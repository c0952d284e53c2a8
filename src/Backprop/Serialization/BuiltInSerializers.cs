using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>Registers every built-in layer, activation, initializer, regularizer and constraint under its stable name.</summary>
internal static class BuiltInSerializers
{
    public static void RegisterAll(ModelRegistry registry)
    {
        foreach (var layer in BuiltInLayerSerializers.All())
        {
            registry.Register(layer);
        }

        RegisterActivations(registry);
        registry.Register(ComponentSerializer<Initializer>.Create<VarianceScaling>(
            "VarianceScaling",
            (v, c) =>
            {
                c.Set("scale", v.Scale);
                c.Set("mode", v.Mode.ToString());
                c.Set("distribution", v.Distribution.ToString());
                c.Set("name", v.Name);
            },
            c => new VarianceScaling(c.GetDouble("scale"), ParseEnum<FanMode>(c, "mode"), ParseEnum<Distribution>(c, "distribution"), c.GetStringOrNull("name"))));
        registry.Register(ComponentSerializer<Initializer>.Create<ConstantInitializer>("Constant", (v, c) => c.Set("value", v.Value), c => new ConstantInitializer(c.GetDouble("value"))));
        registry.Register(ComponentSerializer<Regularizer>.Create<L1>("L1", (r, c) => c.Set("l1", r.Lambda), c => new L1(c.GetDouble("l1"))));
        registry.Register(ComponentSerializer<Regularizer>.Create<L2>("L2", (r, c) => c.Set("l2", r.Lambda), c => new L2(c.GetDouble("l2"))));
        registry.Register(ComponentSerializer<Regularizer>.Create<L1L2>(
            "L1L2",
            (r, c) =>
            {
                c.Set("l1", r.L1Factor);
                c.Set("l2", r.L2Factor);
            },
            c => new L1L2(c.GetDouble("l1"), c.GetDouble("l2"))));
        registry.Register(ComponentSerializer<Constraint>.Create<MaxNorm>(
            "MaxNorm",
            (m, c) =>
            {
                c.Set("max_value", m.MaxValue);
                c.Set("axis", m.Axis);
            },
            c => new MaxNorm(c.GetDouble("max_value"), c.GetInt32("axis"))));
        registry.Register(ComponentSerializer<Constraint>.Create<NonNeg>("NonNeg", (_, _) => { }, _ => new NonNeg()));
        registry.Register(ComponentSerializer<Constraint>.Create<UnitNorm>("UnitNorm", (u, c) => c.Set("axis", u.Axis), c => new UnitNorm(c.GetInt32("axis"))));
    }

    /// <summary>Parameterless activations load as the shared instances, so layers keep their fused fast paths (e.g. Dense + ReLU).</summary>
    private static void RegisterActivations(ModelRegistry registry)
    {
        (string Name, Activation Instance)[] shared =
        [
            ("identity", Activation.Identity), ("relu", Activation.ReLU), ("sigmoid", Activation.Sigmoid), ("tanh", Activation.Tanh),
            ("softmax", Activation.Softmax), ("selu", Activation.SELU), ("silu", Activation.SiLU), ("softplus", Activation.Softplus),
            ("hard_sigmoid", Activation.HardSigmoid),
        ];
        foreach (var (name, instance) in shared)
        {
            registry.Register(new SharedActivation(name, instance));
        }

        registry.Register(ComponentSerializer<Activation>.Create<GeluActivation>(
            "gelu", (g, c) => c.Set("approximate_tanh", g.ApproximateTanh), c => (GeluActivation)(c.GetBoolean("approximate_tanh") ? Activation.GELUTanh : Activation.GELU)));
        registry.Register(ComponentSerializer<Activation>.Create<LeakyReLUActivation>(
            "leaky_relu", (a, c) => c.Set("alpha", a.Alpha), c => (LeakyReLUActivation)Activation.LeakyReLU(c.GetDouble("alpha"))));
        registry.Register(ComponentSerializer<Activation>.Create<EluActivation>(
            "elu", (a, c) => c.Set("alpha", a.Alpha), c => (EluActivation)Activation.ELU(c.GetDouble("alpha"))));
    }

    private static TEnum ParseEnum<TEnum>(ComponentConfig config, string key)
        where TEnum : struct, Enum
        => Enum.TryParse<TEnum>(config.GetString(key), ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw config.Bad(key, $"one of {string.Join(", ", Enum.GetNames<TEnum>())}");

    private sealed class SharedActivation(string name, Activation instance) : ComponentSerializer<Activation>
    {
        public override string TypeName => name;

        public override Type ComponentType => instance.GetType();

        public override void WriteConfig(Activation component, ComponentConfig config)
        {
        }

        public override Activation Create(ComponentConfig config) => instance;
    }
}
