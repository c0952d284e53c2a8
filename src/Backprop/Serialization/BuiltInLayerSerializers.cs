using System.Numerics;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>The serializers of the built-in layers; their names and keys follow Keras where Keras has the layer.</summary>
internal static class BuiltInLayerSerializers
{
    public static IEnumerable<LayerSerializer> All() =>
    [
        new DenseSerializer(), new ActivationLayerSerializer(), new DropoutFamilySerializer("Dropout", typeof(Dropout<>)),
        new DropoutFamilySerializer("GaussianDropout", typeof(GaussianDropout<>)), new DropoutFamilySerializer("AlphaDropout", typeof(AlphaDropout<>)),
        new GaussianNoiseSerializer(), new BatchNormalizationSerializer(), new LayerNormalizationSerializer(),
    ];

    private sealed class DenseSerializer : LayerSerializer
    {
        public override string TypeName => "Dense";

        public override Type LayerType => typeof(Dense<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
        {
            var d = (Dense<T>)layer;
            config.Set("units", d.Units);
            config.SetComponent("activation", d.Activation);
            config.Set("use_bias", d.UseBias);
            config.SetComponent("kernel_initializer", d.KernelInitializer);
            config.SetComponent("bias_initializer", d.BiasInitializer);
            config.SetComponent("kernel_regularizer", d.KernelRegularizer);
            config.SetComponent("bias_regularizer", d.BiasRegularizer);
            config.SetComponent("kernel_constraint", d.KernelConstraint);
            config.SetComponent("bias_constraint", d.BiasConstraint);
        }

        public override Layer<T> Create<T>(ComponentConfig config) => new Dense<T>(
            config.GetInt32("units"),
            config.GetComponent<Activation>("activation"),
            config.GetBoolean("use_bias"),
            config.GetComponent<Initializer>("kernel_initializer"),
            config.GetComponent<Initializer>("bias_initializer"),
            config.GetComponentOrNull<Regularizer>("kernel_regularizer"),
            config.GetComponentOrNull<Regularizer>("bias_regularizer"),
            activityRegularizer: null,
            config.GetComponentOrNull<Constraint>("kernel_constraint"),
            config.GetComponentOrNull<Constraint>("bias_constraint"));
    }

    private sealed class ActivationLayerSerializer : LayerSerializer
    {
        public override string TypeName => "Activation";

        public override Type LayerType => typeof(ActivationLayer<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
            => config.SetComponent("activation", ((ActivationLayer<T>)layer).Activation);

        public override Layer<T> Create<T>(ComponentConfig config) => new ActivationLayer<T>(config.GetComponent<Activation>("activation"));
    }

    /// <summary>The dropout family: a rate and the noise seed (resolved at build time, so a loaded model draws the same masks).</summary>
    private sealed class DropoutFamilySerializer(string typeName, Type layerType) : LayerSerializer
    {
        public override string TypeName => typeName;

        public override Type LayerType => layerType;

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
        {
            config.Set("rate", layer switch
            {
                Dropout<T> d => d.Rate,
                GaussianDropout<T> g => g.Rate,
                AlphaDropout<T> a => a.Rate,
                _ => throw new ArgumentException($"{layer.GetType().Name} is not a {typeName} layer.", nameof(layer)),
            });
            config.Set("seed", ((StochasticLayer<T>)layer).Seed);
        }

        public override Layer<T> Create<T>(ComponentConfig config)
        {
            double rate = config.GetDouble("rate");
            int seed = config.GetInt32("seed");
            return layerType == typeof(Dropout<>) ? new Dropout<T>(rate, seed)
                : layerType == typeof(GaussianDropout<>) ? new GaussianDropout<T>(rate, seed)
                : new AlphaDropout<T>(rate, seed);
        }
    }

    private sealed class GaussianNoiseSerializer : LayerSerializer
    {
        public override string TypeName => "GaussianNoise";

        public override Type LayerType => typeof(GaussianNoiseLayer<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
        {
            var g = (GaussianNoiseLayer<T>)layer;
            config.Set("stddev", g.StandardDeviation);
            config.Set("seed", g.Seed);
        }

        public override Layer<T> Create<T>(ComponentConfig config) => new GaussianNoiseLayer<T>(config.GetDouble("stddev"), config.GetInt32("seed"));
    }

    private sealed class BatchNormalizationSerializer : LayerSerializer
    {
        public override string TypeName => "BatchNormalization";

        public override Type LayerType => typeof(BatchNormalization<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
        {
            var b = (BatchNormalization<T>)layer;
            config.Set("momentum", b.Momentum);
            config.Set("epsilon", b.Epsilon);
        }

        public override Layer<T> Create<T>(ComponentConfig config) => new BatchNormalization<T>(config.GetDouble("momentum"), config.GetDouble("epsilon"));
    }

    private sealed class LayerNormalizationSerializer : LayerSerializer
    {
        public override string TypeName => "LayerNormalization";

        public override Type LayerType => typeof(LayerNormalization<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
            => config.Set("epsilon", ((LayerNormalization<T>)layer).Epsilon);

        public override Layer<T> Create<T>(ComponentConfig config) => new LayerNormalization<T>(config.GetDouble("epsilon"));
    }
}
