namespace Backprop.Tests;

/// <summary>GatherRows (the batch gather of Fit) copies the named rows in order, for label columns and wide rows alike.</summary>
public class Tensor2DGatherTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void Gathers_the_named_rows_in_order_from_a_view_into_a_shared_array(int columns)
    {
        // A view that starts at offset 5 of a longer array (as a gradient arena hands out), so the offset is exercised.
        const int rows = 7;
        var data = new float[5 + (rows * columns) + 4];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i;
        }

        var source = new Tensor2D<float>(rows, columns, data, offset: 5);
        int[] order = [6, 0, 3, 3, 1];
        Tensor2D<float>? destination = new Tensor2D<float>(1, 1);

        var gathered = source.GatherRows(order, ref destination);

        gathered.Should().BeSameAs(destination);
        gathered.Rows.Should().Be(order.Length);
        gathered.Columns.Should().Be(columns);
        for (int i = 0; i < order.Length; i++)
        {
            gathered.Row(i).ToArray().Should().Equal(source.Row(order[i]).ToArray());
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(1, -1)]
    [InlineData(4, 7)]
    [InlineData(4, -1)]
    public void A_row_index_outside_the_tensor_is_refused_by_name(int columns, int badRow)
    {
        var source = new Tensor2D<float>(7, columns);
        Tensor2D<float>? destination = null;

        var act = () => source.GatherRows([0, badRow], ref destination);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("row");
    }
}
