using System.Buffers.Binary;
using Shegong.Domain.Common;

namespace Shegong.Domain.Wishes;

public enum PhotoKind
{
    /// <summary>Taken when the wish is recorded (the need itself: a broken wheelchair, an empty schoolbag).</summary>
    Wish = 1,
    /// <summary>Evidence of a delivery (交付凭证).</summary>
    Delivery = 2,
}

/// <summary>
/// A photo of a wish or of its delivery. Photos stay inside the station (they may show the beneficiary or the home):
/// the public board shows category icons, never photos. The bytes are kept encrypted; location and other metadata
/// are stripped on upload (<see cref="PhotoFile"/>).
/// </summary>
public sealed class WishPhoto : IStationOwned
{
    public const int MaxPerWish = 3;
    public const int MaxPerDelivery = 3;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid WishId { get; private set; }
    public Guid? DeliveryId { get; private set; }
    public PhotoKind Kind { get; private set; }
    public string ContentType { get; private set; } = "";
    public int Length { get; private set; }
    public byte[] Data { get; private set; } = [];
    public DateTime UploadedAt { get; private set; }
    public Guid? UploadedBy { get; private set; }

    private WishPhoto() { }

    /// <param name="existing">Photos the wish (or the delivery) has already.</param>
    public static WishPhoto Create(Wish wish, WishDelivery? delivery, PhotoFile file, int existing, Guid? uploadedBy, DateTime nowUtc)
    {
        if (delivery is not null && delivery.WishId != wish.Id) throw new DomainException("DeliveryId", "Error.NotFound");
        var max = delivery is null ? MaxPerWish : MaxPerDelivery;
        if (existing >= max) throw new DomainException("Photo", "Photo.TooMany", max);
        return new WishPhoto
        {
            StationId = wish.StationId,
            RegionPrefix = wish.RegionPrefix,
            WishId = wish.Id,
            DeliveryId = delivery?.Id,
            Kind = delivery is null ? PhotoKind.Wish : PhotoKind.Delivery,
            ContentType = file.ContentType,
            Length = file.Data.Length,
            Data = file.Data,
            UploadedAt = nowUtc,
            UploadedBy = uploadedBy,
        };
    }
}

/// <summary>
/// An uploaded image checked by its content, not its name: JPEG or PNG only, within the size limit. Metadata that
/// can identify a place or a person is removed: in a JPEG every Exif/XMP/IPTC block and comment (the Exif orientation
/// alone is kept so the photo is not shown on its side), in a PNG its text, time and Exif chunks. A phone's photo of
/// a beneficiary's home carries the GPS position of the home otherwise.
/// </summary>
public sealed record PhotoFile(string ContentType, byte[] Data)
{
    public const int DefaultMaxBytes = 5 * 1024 * 1024;

    public static PhotoFile Check(byte[]? data, long maxBytes = DefaultMaxBytes)
    {
        if (data is null || data.Length == 0) throw new DomainException("Photo", "Photo.Empty");
        if (data.Length > maxBytes) throw new DomainException("Photo", "Photo.TooLarge", Math.Max(1, maxBytes / (1024 * 1024)));
        try
        {
            if (data.Length > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return new("image/jpeg", StripJpeg(data));
            if (data.AsSpan().StartsWith(PngSignature)) return new("image/png", StripPng(data));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException)
        {
            throw new DomainException("Photo", "Photo.Damaged");
        }
        throw new DomainException("Photo", "Photo.Type");
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] StripJpeg(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 2); // SOI
        var i = 2;
        var orientation = (ushort)0;
        var wroteOrientation = false;
        while (true)
        {
            if (i + 4 > data.Length || data[i] != 0xFF) throw new FormatException();
            var marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > data.Length) throw new FormatException();
            var segment = data.AsSpan(i, 2 + length);
            var dropped = marker is 0xE1 or 0xED or 0xFE; // APP1 (Exif, XMP), APP13 (IPTC), comment
            if (marker == 0xE1 && orientation == 0) orientation = ExifOrientation(segment[4..]);
            if (!dropped)
            {
                // The orientation goes right after APP0 (JFIF) if there is one, else first.
                if (!wroteOrientation && marker != 0xE0 && orientation != 0) { WriteOrientation(output, orientation); wroteOrientation = true; }
                output.Write(segment);
            }
            i += 2 + length;
            if (marker == 0xDA) break; // start of scan: the compressed image follows as is
        }
        output.Write(data, i, data.Length - i);
        return output.ToArray();
    }

    /// <summary>The Orientation tag (0x0112) of an APP1 Exif payload's first IFD, or 0.</summary>
    private static ushort ExifOrientation(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1.StartsWith("Exif\0\0"u8)) return 0;
        var tiff = app1[6..];
        var little = tiff[0] == (byte)'I';
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var ifd = (int)U32(tiff[4..]);
        if (ifd < 8 || ifd + 2 > tiff.Length) return 0;
        var count = U16(tiff[ifd..]);
        for (var e = 0; e < count; e++)
        {
            var at = ifd + 2 + e * 12;
            if (at + 12 > tiff.Length) return 0;
            if (U16(tiff[at..]) == 0x0112) { var v = U16(tiff[(at + 8)..]); return v is >= 1 and <= 8 ? v : (ushort)0; }
        }
        return 0;
    }

    /// <summary>A minimal APP1 Exif block holding only the orientation.</summary>
    private static void WriteOrientation(Stream output, ushort orientation)
    {
        byte[] block =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // TIFF header, IFD0 at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        output.Write(block);
    }

    private static byte[] StripPng(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 8);
        var i = 8;
        while (i < data.Length)
        {
            if (i + 12 > data.Length) throw new FormatException();
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i));
            if (length < 0 || i + 12L + length > data.Length) throw new FormatException();
            var type = System.Text.Encoding.ASCII.GetString(data, i + 4, 4);
            if (type is not ("tEXt" or "iTXt" or "zTXt" or "eXIf" or "tIME")) output.Write(data, i, 12 + length);
            i += 12 + length;
            if (type == "IEND") break;
        }
        return output.ToArray();
    }
}
