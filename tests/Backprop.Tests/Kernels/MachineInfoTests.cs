using Backprop.Kernels;
using FluentAssertions;
using Xunit;

namespace Backprop.Tests.Kernels;

public class MachineInfoTests
{
    [Fact]
    public void Describe_names_the_cpu_the_isa_the_kernels_use_and_the_cores()
    {
        string line = MachineInfo.Describe();
        line.Should().StartWith("machine: ").And.Contain(MachineInfo.CpuModel).And.Contain($"{Environment.ProcessorCount} logical cores");
        MachineInfo.CpuModel.Should().NotBeNullOrWhiteSpace();
        string expected = Gemm.DetectedIsa switch
        {
            GemmIsa.Vector512 => "avx512",
            GemmIsa.Vector256 => "avx2",
            GemmIsa.Scalar => "scalar",
            _ => MachineInfo.Isa,
        };
        MachineInfo.Isa.Should().Be(expected);
        line.Should().Contain($" · {MachineInfo.Isa} · ");
    }
}
