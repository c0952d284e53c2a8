namespace Backprop.Distributed;

/// <summary>An MPI call returned an error code; the message holds the MPI library's text for it.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class MpiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MpiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MpiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MpiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an MPI error code.</summary>
    /// <param name="call">The MPI function that failed.</param>
    /// <param name="errorCode">Its return code.</param>
    /// <param name="text">The library's text for the code.</param>
    public MpiException(string call, int errorCode, string text)
        : base($"{call} failed with MPI error {errorCode}: {text}")
    {
        ErrorCode = errorCode;
    }

    /// <summary>The MPI error code (0 when the exception was not made from one).</summary>
    public int ErrorCode { get; }
}
