using Backprop.Augmentation;

namespace Backprop.Tests.Augmentation;

public class GeometryTests
{
    private static readonly SampleShape Five = SampleShape.Image(5, 5);

    [Fact]
    public void Translation_by_one_pixel_right_moves_a_known_pixel_and_fills_the_edge()
    {
        var image = Images.Counting(Five);
        var shifted = Images.Apply(new RandomTranslation<double>((1, 1), (0, 0)), image, Five);

        Images.At(shifted, Five, 2, 2).Should().Be(Images.At(image, Five, 1, 2));
        Images.At(shifted, Five, 4, 3).Should().Be(Images.At(image, Five, 3, 3));
        for (int y = 0; y < 5; y++)
        {
            Images.At(shifted, Five, 0, y).Should().Be(0, "the left column comes from outside the image");
        }
    }

    [Fact]
    public void Translation_down_with_nearest_fill_repeats_the_top_row()
    {
        var image = Images.Counting(Five);
        var shifted = Images.Apply(new RandomTranslation<double>((0, 0), (1, 1), fillMode: FillMode.Nearest), image, Five);

        Images.At(shifted, Five, 3, 1).Should().Be(Images.At(image, Five, 3, 0));
        Images.At(shifted, Five, 3, 0).Should().Be(Images.At(image, Five, 3, 0));
    }

    [Fact]
    public void Rotation_by_90_degrees_turns_counter_clockwise_exactly()
    {
        // A dot right of the centre ends up above it; a dot above ends up left of it.
        var right = Images.Apply(new RandomRotation<double>((90, 90)), Images.Dot(Five, 3, 2), Five);
        var up = Images.Apply(new RandomRotation<double>((90, 90)), Images.Dot(Five, 2, 1), Five);

        right.Should().Equal(Images.Dot(Five, 2, 1));
        up.Should().Equal(Images.Dot(Five, 1, 2));
    }

    [Fact]
    public void Rotation_by_a_small_angle_keeps_the_centre_and_most_of_the_mass()
    {
        var image = Images.Dot(Five, 2, 2);
        var rotated = Images.Apply(new RandomRotation<double>(10), image, Five, key: 7);

        Images.At(rotated, Five, 2, 2).Should().Be(1);
        rotated.Sum().Should().BeApproximately(1, 0.1, "bilinear resampling spreads a little mass to neighbours");
        rotated.Max().Should().Be(1);
    }

    [Fact]
    public void Zoom_by_two_doubles_the_distance_from_the_centre()
    {
        var zoomed = Images.Apply(new RandomZoom<double>(2, 2), Images.Dot(Five, 3, 2), Five);

        Images.At(zoomed, Five, 4, 2).Should().Be(1, "output (4,2) reads source (3,2)");
        Images.At(zoomed, Five, 3, 2).Should().Be(0.5, "output (3,2) reads source (2.5,2)");
        Images.At(zoomed, Five, 2, 2).Should().Be(0);
    }

    [Fact]
    public void Affine_with_nothing_to_draw_is_the_identity()
    {
        var image = Images.Counting(Five);
        Images.Apply(new RandomAffine<double>(0, 0), image, Five).Should().Equal(image);
    }

    [Fact]
    public void Horizontal_flip_mirrors_columns_and_keeps_channel_order()
    {
        var shape = SampleShape.Image(2, 3, channels: 2);
        var image = Images.Counting(shape);
        var flipped = Images.Apply(new RandomFlip<double>(horizontal: true, vertical: false, probability: 1), image, shape);

        for (int c = 0; c < 2; c++)
        {
            Images.At(flipped, shape, 0, 1, c).Should().Be(Images.At(image, shape, 2, 1, c));
            Images.At(flipped, shape, 1, 0, c).Should().Be(Images.At(image, shape, 1, 0, c));
        }
    }

    [Fact]
    public void Vertical_flip_mirrors_rows()
    {
        var image = Images.Counting(Five);
        var flipped = Images.Apply(new RandomFlip<double>(horizontal: false, vertical: true, probability: 1), image, Five);

        Images.At(flipped, Five, 1, 0).Should().Be(Images.At(image, Five, 1, 4));
        Images.At(flipped, Five, 3, 2).Should().Be(Images.At(image, Five, 3, 2));
    }

    [Fact]
    public void Erasing_a_quarter_with_square_aspect_blanks_one_2x2_block()
    {
        var shape = SampleShape.Image(4, 4);
        var ones = Enumerable.Repeat(1.0, 16).ToArray();
        for (ulong key = 0; key < 20; key++)
        {
            var erased = Images.Apply(new RandomErasing<double>(1, 0.25, 0.25, 1, 1), ones, shape, key);
            var zeros = Enumerable.Range(0, 16).Where(i => erased[i] == 0).ToArray();

            zeros.Should().HaveCount(4);
            (zeros.Max(i => i % 4) - zeros.Min(i => i % 4)).Should().Be(1);
            (zeros.Max(i => i / 4) - zeros.Min(i => i / 4)).Should().Be(1);
        }
    }

    [Fact]
    public void Elastic_distortion_of_zero_magnitude_is_the_identity_and_otherwise_moves_pixels()
    {
        var shape = SampleShape.Image(8, 8);
        var image = Images.Counting(shape);

        Images.Apply(new ElasticDistortion<double>(0), image, shape).Should().Equal(image);
        Images.Apply(new ElasticDistortion<double>(2, 2), image, shape).Should().NotEqual(image);
    }

    [Fact]
    public void Geometric_transforms_reject_tabular_rows()
    {
        var act = () => new RandomRotation<double>(10).Prepare(SampleShape.Tabular(4), null);
        act.Should().Throw<ArgumentException>().WithMessage("*1×4×1*");
    }
}
