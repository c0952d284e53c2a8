using System.Diagnostics;
using Backprop.Distributed;
using Backprop.Samples;

/// <summary>
/// Times <c>MPI_Allreduce</c> on 2^from..2^to floats (every second power): the median of 5 rounds per size, each round
/// enough calls for about 16 MB. The smallest sizes give the latency α, the largest the bandwidth β of the cost model
/// in docs/scaling.md. Every rank takes part; rank 0 prints and writes <c>allreduce-sweep.csv</c>.
/// </summary>
internal static class AllReduceSweep
{
    public static int Run(MpiCommunicator world, int from, int to, SampleContext run)
    {
        var rows = new List<(int Floats, double Microseconds, double GigabytesPerSecond)>();
        for (int log = from; log <= to; log += 2)
        {
            var buffer = new float[1 << log];
            int repeats = Math.Clamp((1 << 22) / buffer.Length, 5, 1000);
            var times = new List<double>();
            for (int round = 0; round < 5; round++)
            {
                world.Barrier();
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < repeats; i++)
                {
                    world.AllReduceSum(buffer);
                }

                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / repeats);
            }

            double us = times.Order().ElementAt(2);
            rows.Add((buffer.Length, us, buffer.Length * 4 / us / 1e3));
            SampleConsole.Line(SampleConsole.F($"{buffer.Length} floats ({buffer.Length * 4} B): {us:F2} us per call, {rows[^1].GigabytesPerSecond:F3} GB/s"));
        }

        if (world.Rank == 0)
        {
            string path = run.OutFile("allreduce-sweep.csv");
            File.WriteAllLines(path, ["floats,bytes,us_per_call,gb_per_s", .. rows.Select(r => SampleConsole.F($"{r.Floats},{r.Floats * 4},{r.Microseconds:F3},{r.GigabytesPerSecond:F4}"))]);
            SampleConsole.Wrote(path);
        }

        SampleConsole.Table($"MPI_Allreduce, {world.Size} ranks, median of 5", ["floats", "bytes", "us per call", "GB/s"],
            rows.Select(r => (IReadOnlyList<string>)[SampleConsole.F($"{r.Floats:N0}"), SampleConsole.F($"{r.Floats * 4:N0}"), SampleConsole.F($"{r.Microseconds:F2}"), SampleConsole.F($"{r.GigabytesPerSecond:F3}")]));
        SampleConsole.LastLine(SampleConsole.F($"allreduce_us_smallest={rows[0].Microseconds:F2} allreduce_gb_per_s_largest={rows[^1].GigabytesPerSecond:F3} ranks={world.Size}"));
        return 0;
    }
}
