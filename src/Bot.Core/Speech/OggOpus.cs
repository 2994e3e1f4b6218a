using System.Buffers.Binary;

namespace Makker.Speech;

/// <summary>What can be read from an Ogg/Opus file's pages without decoding it: that it is one, and how long it plays.</summary>
public static class OggOpus
{
    /// <summary>Opus always counts in 48 kHz samples, whatever the input's rate.</summary>
    private const int GranuleRate = 48_000;

    /// <summary>An Ogg stream whose first packet is an Opus header.</summary>
    public static bool IsOggOpus(ReadOnlySpan<byte> file) =>
        file.Length > 36 && file.StartsWith("OggS"u8) && file[28..].StartsWith("OpusHead"u8);

    /// <summary>
    /// The playing time: the last page's granule position (samples at 48 kHz) less the encoder's pre-skip, which the
    /// Opus header holds. Null when the file is not Ogg/Opus.
    /// </summary>
    public static TimeSpan? Duration(ReadOnlySpan<byte> file)
    {
        if (!IsOggOpus(file))
        {
            return null;
        }
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(file[(28 + 10)..]);
        var last = file.LastIndexOf("OggS"u8);
        if (last < 0 || last + 14 > file.Length)
        {
            return null;
        }
        var granule = BinaryPrimitives.ReadInt64LittleEndian(file[(last + 6)..]);
        return TimeSpan.FromSeconds(Math.Max(0, granule - preSkip) / (double)GranuleRate);
    }
}
