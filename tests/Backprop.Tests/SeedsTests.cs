using Backprop.Data;

namespace Backprop.Tests;

/// <summary>Pins the one seeding rule of <see cref="Seeds"/>: same inputs, same stream; each purpose and index, its own stream.</summary>
public class SeedsTests
{
    private static readonly Seeds.Purpose[] Purposes = Enum.GetValues<Seeds.Purpose>();

    [Fact]
    public void Mix_is_the_SplitMix64_finaliser()
    {
        // Reference outputs of SplitMix64 seeded with 1234567 (state += golden ratio, then the finaliser).
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        ulong state = 1234567;
        foreach (ulong e in expected)
        {
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            Seeds.Mix(state).Should().Be(e);
        }
    }

    [Fact]
    public void The_rule_is_frozen_so_a_seed_means_the_same_model_in_every_version()
    {
        Seeds.Key(42, Seeds.Purpose.LayerInit).Should().Be(0x778e7811d1ad5ef6UL);
        Seeds.Key(-1, Seeds.Purpose.Noise, 3, 2).Should().Be(0x162e78ee1f3364dbUL);
        Seeds.Layer(42, 0).Should().Be(-777167114);
        Seeds.Layer(42, 1).Should().Be(1400708620);
    }

    [Fact]
    public void Same_inputs_give_the_same_stream()
    {
        foreach (var purpose in Purposes)
        {
            Draws(Seeds.Stream(7, purpose, 1, 2, 3)).Should().Equal(Draws(Seeds.Stream(7, purpose, 1, 2, 3)));
        }
    }

    [Fact]
    public void Each_purpose_gives_a_distinct_stream_for_the_same_seed_and_indices()
    {
        foreach (long index in new long[] { 0, 1, 5 })
        {
            var keys = Purposes.Select(p => Seeds.Key(0, p, index, index, index)).ToArray();
            keys.Should().OnlyHaveUniqueItems();
            var first = Purposes.Select(p => Seeds.Stream(0, p, index, index, index).NextUInt64()).ToArray();
            first.Should().OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public void Every_part_of_the_key_changes_the_stream()
    {
        var keys = new[]
        {
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 2, 3, 4),
            Seeds.Key(2, Seeds.Purpose.SampleAugmentation, 2, 3, 4),
            Seeds.Key(1, Seeds.Purpose.BatchAugmentation, 2, 3, 4),
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 3, 3, 4),
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 2, 4, 4),
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 2, 3, 5),
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 3, 2, 4),
            Seeds.Key(1, Seeds.Purpose.SampleAugmentation, 2, 3, 4) ^ 1,
        };

        keys.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Indices_never_collide_within_a_purpose_over_a_realistic_grid()
    {
        var keys = new HashSet<ulong>();
        for (int epoch = 0; epoch < 20; epoch++)
        {
            for (long sample = 0; sample < 500; sample++)
            {
                for (int transform = 0; transform < 4; transform++)
                {
                    keys.Add(Seeds.Key(3, Seeds.Purpose.SampleAugmentation, epoch, sample, transform)).Should().BeTrue();
                }
            }
        }
    }

    [Fact]
    public void The_named_derivations_are_the_purposes_they_say()
    {
        Seeds.Layer(5, 2).Should().Be(unchecked((int)Seeds.Key(5, Seeds.Purpose.LayerInit, 2)));
        Seeds.Kernel(9).Should().Be(unchecked((int)Seeds.Key(9, Seeds.Purpose.Kernel)));
        Seeds.Bias(9).Should().Be(unchecked((int)Seeds.Key(9, Seeds.Purpose.Bias)));
        Draws(Seeds.Noise(9, 4, 2)).Should().Equal(Draws(Seeds.Stream(9, Seeds.Purpose.Noise, 4, 2)));
        Draws(Seeds.ClassSplit(9, 4)).Should().Equal(Draws(Seeds.Stream(9, Seeds.Purpose.ClassSplit, 4)));
        Draws(Seeds.SampleTransform(9, 1, 2, 3)).Should().Equal(Draws(Seeds.Stream(9, Seeds.Purpose.SampleAugmentation, 1, 2, 3)));
        Draws(Seeds.BatchTransform(9, 1, 2, 3)).Should().Equal(Draws(Seeds.Stream(9, Seeds.Purpose.BatchAugmentation, 1, 2, 3)));
        Draws(CounterRandom.For(9, 1, 2, 3)).Should().Equal(Draws(Seeds.Stream(9, Seeds.Purpose.Custom, 1, 2, 3)));
    }

    [Fact]
    public void Streams_that_used_to_coincide_are_now_apart()
    {
        // Sample and batch transforms, user streams and noise layers keyed by the same numbers draw differently.
        var streams = new[]
        {
            Draws(Seeds.SampleTransform(0, 0, 0, 0)),
            Draws(Seeds.BatchTransform(0, 0, 0, 0)),
            Draws(CounterRandom.For(0, 0, 0, 0)),
            Draws(Seeds.Noise(0, 0, 0)),
        };

        for (int i = 0; i < streams.Length; i++)
        {
            for (int j = i + 1; j < streams.Length; j++)
            {
                streams[i].Should().NotEqual(streams[j]);
            }
        }

        // A Dense layer's kernel and bias seeds differ from each other and from the layer seed they come from.
        int layer = Seeds.Layer(1, 0);
        new[] { layer, Seeds.Kernel(layer), Seeds.Bias(layer), Seeds.Layer(1, 1) }.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void An_epoch_order_is_a_permutation_that_depends_on_seed_and_epoch_only()
    {
        var order = Enumerable.Range(0, 100).ToArray();
        Seeds.Shuffle(order, seed: 3, epoch: 4);
        order.Order().Should().Equal(Enumerable.Range(0, 100));

        var again = Enumerable.Range(0, 100).Reverse().ToArray(); // whatever the array held before
        Seeds.Shuffle(again, seed: 3, epoch: 4);
        again.Should().Equal(order);

        var otherEpoch = new int[100];
        Seeds.Shuffle(otherEpoch, seed: 3, epoch: 5);
        otherEpoch.Should().NotEqual(order);
        var otherSeed = new int[100];
        Seeds.Shuffle(otherSeed, seed: 4, epoch: 4);
        otherSeed.Should().NotEqual(order);
    }

    [Fact]
    public void Split_orders_are_seeded_permutations_and_classes_draw_apart()
    {
        Splitting.Permutation(50, 8).Should().Equal(Splitting.Permutation(50, 8));
        Splitting.Permutation(50, 8).Order().Should().Equal(Enumerable.Range(0, 50));
        Splitting.Permutation(50, 8).Should().NotEqual(Splitting.Permutation(50, 9));
        Draws(Seeds.ClassSplit(8, 0)).Should().NotEqual(Draws(Seeds.ClassSplit(8, 1)));

        // The split permutation is not the epoch-0 shuffle of the same seed.
        var epochZero = new int[50];
        Seeds.Shuffle(epochZero, seed: 8, epoch: 0);
        Splitting.Permutation(50, 8).Should().NotEqual(epochZero);
    }

    [Fact]
    public void Shuffle_is_Fisher_Yates_over_the_stream_and_reaches_every_position()
    {
        var counts = new int[5, 5];
        for (int key = 0; key < 5000; key++)
        {
            Span<int> items = [0, 1, 2, 3, 4];
            new CounterRandom((ulong)key).Shuffle(items);
            for (int position = 0; position < 5; position++)
            {
                counts[items[position], position]++;
            }
        }

        foreach (int c in counts)
        {
            c.Should().BeInRange(850, 1150); // 1000 expected for each (item, position)
        }
    }

    private static ulong[] Draws(CounterRandom random)
    {
        var values = new ulong[4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextUInt64();
        }

        return values;
    }
}
