using System.Threading.Channels;

namespace Infra.Api.Features.Imports;

/// <summary>One row after validation: its record, or null when the row has errors (they are on <c>Row.Fields</c>).</summary>
public readonly record struct CheckedRow<T>(SourceRow Row, T? Record) where T : class;

/// <summary>
/// Reading and validating rows off the thread that feeds COPY: one task parses the file, a second runs the domain
/// constructors, geodesic length, validity and region check, and the caller writes what comes out. Each stage is
/// sequential, so rows keep their order and their numbers, and no stage shares state with another (CRS transforms
/// and prepared geometries are used by one thread only). Channels are bounded (a few batches of rows, or the
/// consumer's chunk), so memory stays flat however long the file is: a slow database slows the readers down instead
/// of piling rows up.
/// </summary>
public sealed class ValidationPipeline<T> : IAsyncDisposable where T : class
{
    /// <summary>Rows per hand-over: large enough that channel traffic costs nothing next to parsing, small enough to stay a few MB.</summary>
    public const int BatchSize = 512;

    /// <summary>Batches in flight between reading and validating.</summary>
    private const int Capacity = 4;

    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private readonly Task _validating;
    private readonly Channel<CheckedRow<T>[]> _checked;

    /// <param name="aheadRows">
    /// Validated rows that may wait for the consumer: the importer's chunk, so that the next chunk is validated while the
    /// database merges the last one.
    /// </param>
    public ValidationPipeline(IEnumerable<SourceRow> rows, Func<SourceRow, T?> validate, CancellationToken ct, int aheadRows = Capacity * BatchSize)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parsed = Bounded<SourceRow[]>(Capacity);
        _checked = Bounded<CheckedRow<T>[]>(Math.Max(Capacity, aheadRows / BatchSize));
        var token = _stop.Token;
        _reading = Task.Run(() => ReadAsync(rows, parsed.Writer, token), token);
        _validating = Task.Run(() => ValidateAsync(parsed.Reader, validate, _checked.Writer, token), token);
    }

    /// <summary>The validated rows in file order; a file error (e.g. the file is cut short) is thrown after the rows before it.</summary>
    public IAsyncEnumerable<CheckedRow<T>[]> Batches => _checked.Reader.ReadAllAsync(_stop.Token);

    /// <summary>A channel between two stages: one writer, one reader, at most <paramref name="batches"/> batches in it.</summary>
    private static Channel<TBatch> Bounded<TBatch>(int batches) =>
        Channel.CreateBounded<TBatch>(new BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });

    private static async Task ReadAsync(IEnumerable<SourceRow> rows, ChannelWriter<SourceRow[]> output, CancellationToken ct)
    {
        var batch = new List<SourceRow>(BatchSize);
        try
        {
            foreach (var row in rows)
            {
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    await output.WriteAsync([.. batch], ct);
                    batch.Clear();
                }
            }

            await output.WriteAsync([.. batch], ct);
            output.Complete();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rows read before a file error still count: their own problems are reported along with it.
            try
            {
                await output.WriteAsync([.. batch], ct);
            }
            finally
            {
                output.Complete(e);
            }
        }
        catch (OperationCanceledException e)
        {
            output.Complete(e);
        }
    }

    private static async Task ValidateAsync(ChannelReader<SourceRow[]> input, Func<SourceRow, T?> validate, ChannelWriter<CheckedRow<T>[]> output,
        CancellationToken ct)
    {
        try
        {
            await foreach (var batch in input.ReadAllAsync(ct))
            {
                var done = new CheckedRow<T>[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                {
                    done[i] = new CheckedRow<T>(batch[i], validate(batch[i]));
                }

                await output.WriteAsync(done, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
        }
    }

    /// <summary>Stops the stages (when the consumer gave up early) and waits for them, so no thread still reads the file after this.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_reading, _validating).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
