using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Models;

/// <summary>
/// The array forms of <c>Fit</c> and <c>Predict</c>: features as <c>T[,]</c>, <c>T[][]</c> or MathNet
/// <see cref="Matrix{T}"/>, targets as <c>int[]</c> class labels or a target array of the same form. Each wraps the
/// arrays in a <see cref="Dataset{T}"/> or <see cref="Tensor2D{T}"/> (copying them) and calls the model; <c>Predict</c>
/// returns the form it was given.
/// </summary>
/// <remarks>Thread safety: the <c>Predict</c> forms copy their input and are as safe on many threads as
/// <c>Sequential.Predict</c>; the <c>Fit</c> forms are <c>Fit</c>, which needs the model to itself (see <see
/// cref="Sequential{T}"/>).</remarks>
public static class SequentialArrayForms
{
    /// <summary>Trains on a rectangular array with integer class labels.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="labels">N class indices.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options (default: one epoch, batch 32).</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, T[,] features, int[] labels, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, labels), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Trains on a jagged array with integer class labels.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">N rows of features.</param>
    /// <param name="labels">N class indices.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options.</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, T[][] features, int[] labels, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, labels), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Trains on rectangular feature and target arrays.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">Targets <c>[N, outputs]</c>.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options.</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, T[,] features, T[,] targets, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, targets), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Trains on MathNet matrices.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">Targets <c>[N, outputs]</c> (or <c>[N, 1]</c> class indices).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options.</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, Matrix<T> features, Matrix<T> targets, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, targets), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Trains on a MathNet matrix with integer class labels.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="labels">N class indices.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options.</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, Matrix<T> features, int[] labels, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, labels), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Trains on jagged feature and target arrays.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">N rows of features.</param>
    /// <param name="targets">N rows of targets.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Options.</param>
    /// <returns>The history.</returns>
    public static History Fit<T>(this Sequential<T> model, T[][] features, T[][] targets, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Fit(Dataset<T>.From(features, targets), loss, optimizer, options ?? new FitOptions<T>());

    /// <summary>Model outputs for a rectangular array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <returns>Outputs <c>[N, outputs]</c>.</returns>
    public static T[,] Predict<T>(this Sequential<T> model, T[,] features)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Predict(Tensor2D<T>.FromArray(features)).ToArray();

    /// <summary>Model outputs for a MathNet matrix.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <returns>Outputs <c>[N, outputs]</c>.</returns>
    public static Matrix<T> Predict<T>(this Sequential<T> model, Matrix<T> features)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Predict(Tensor2D<T>.FromMatrix(features)).ToMatrix();

    /// <summary>Model outputs for a jagged array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">N rows of features, all the same length.</param>
    /// <returns>N rows of outputs.</returns>
    public static T[][] Predict<T>(this Sequential<T> model, T[][] features)
        where T : unmanaged, IFloatingPointIeee754<T>
        => model.Predict(Tensor2D<T>.FromRows(features)).ToRows();
}
