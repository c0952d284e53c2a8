using CsCheck;
using Backprop.Models;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Mutation testing of the loader: thousands of valid files with bits flipped, bytes overwritten, ranges cut out,
/// bytes inserted, or the file truncated. Every load either fails with an <see cref="InvalidDataException"/> or gives
/// back exactly the saved model — nothing else may escape (no IndexOutOfRange, OutOfMemory, JSON or cast exception)
/// and no corrupt file may load as a different model. Deterministic: fixed CsCheck seed, one thread.
/// </summary>
public class MutationTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void Mutated_files_load_as_the_saved_model_or_fail_with_InvalidDataException()
    {
        var original = CorruptFileTests.Small();
        byte[] valid = ModelFiles.Bytes(original);
        var expected = original.Parameters.Select(p => p.Value.Span.ToArray()).ToArray();
        int refused = 0, loaded = 0;
        var gen = Gen.Select(Gen.Int[0, 5], Gen.Int[0, valid.Length - 1], Gen.Int[1, 64], Gen.Long);

        gen.Sample(
            (kind, position, count, noise) =>
            {
                byte[] mutated = Mutate(valid, kind, position, count, noise);
                try
                {
                    var layers = ModelFiles.ReadUnguarded<float>(mutated);
                    layers.Select(l => (l.GetType(), l.Name)).Should().Equal(original.Layers.Select(l => (l.GetType(), l.Name)));
                    layers.SelectMany(l => l.Parameters).Select(p => p.Value.Span.ToArray()).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
                    loaded++;
                }
                catch (InvalidDataException)
                {
                    refused++;
                }
            },
            seed: new PCG(1, 2026).ToString(),
            iter: Iterations,
            threads: 1);

        (refused + loaded).Should().Be(Iterations);
        refused.Should().BeGreaterThan(Iterations * 9 / 10, "almost every mutation touches checksummed or validated bytes");
    }

    /// <summary>Files the long fuzzing runs (tests/fuzz) found interesting, kept as a regression corpus.</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_fuzzing_corpus_loads_or_fails_with_InvalidDataException(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        try
        {
            ModelFiles.ReadUnguarded<float>(bytes);
        }
        catch (InvalidDataException)
        {
        }
    }

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        string folder = Path.Combine(AppContext.BaseDirectory, "Serialization", "corpus");
        foreach (var f in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            data.Add(f);
        }

        return data;
    }

    private static byte[] Mutate(byte[] valid, int kind, int position, int count, long noise)
    {
        var bytes = new List<byte>(valid);
        switch (kind)
        {
            case 0:
                bytes[position] ^= (byte)(1 << (count & 7));
                break;
            case 1:
                bytes[position] = (byte)noise;
                break;
            case 2:
                bytes.RemoveRange(position, bytes.Count - position);
                break;
            case 3:
                bytes.RemoveRange(position, Math.Min(count, bytes.Count - position));
                break;
            case 4:
                bytes.InsertRange(position, BitConverter.GetBytes(noise).Take(count % 9));
                break;
            default:
                var word = BitConverter.GetBytes(noise >> (count % 48)); // offsets, lengths and counts of every size
                for (int i = 0; i < word.Length && position + i < bytes.Count; i++)
                {
                    bytes[position + i] = word[i];
                }

                break;
        }

        return [.. bytes];
    }
}
