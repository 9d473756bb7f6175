using System.Text;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;

namespace Shegong.UnitTests.Wishes;

/// <summary>Photos are checked by their bytes, kept within the size limit, and lose the metadata that could locate a home.</summary>
public sealed class PhotoFileTests
{
    private static readonly byte[] Gps = Encoding.ASCII.GetBytes("GPS 23.0913N 113.4286E");

    private static byte[] Segment(byte marker, byte[] payload) =>
        [0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];

    /// <summary>An Exif block (big-endian TIFF) with the orientation and a GPS-like text behind it, as a phone writes.</summary>
    private static byte[] Exif(ushort orientation) =>
    [
        .. "Exif\0\0"u8, (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, 0, 1,
        0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0, .. Gps,
    ];

    private static byte[] Jpeg(params byte[][] segments)
    {
        var scan = new byte[] { 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0x56, 0xFF, 0xD9 };
        return [0xFF, 0xD8, .. segments.SelectMany(s => s), .. Segment(0xDB, new byte[65]), .. scan];
    }

    [Fact]
    public void A_jpeg_loses_exif_xmp_and_comments_but_keeps_its_orientation_and_image()
    {
        var original = Jpeg(Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]), Segment(0xE1, Exif(6)),
            Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Gps]), Segment(0xFE, Gps));
        var photo = PhotoFile.Check(original);
        photo.ContentType.ShouldBe("image/jpeg");
        Contains(photo.Data, Gps).ShouldBeFalse();
        Contains(photo.Data, "JFIF"u8.ToArray()).ShouldBeTrue();
        // One minimal Exif block with orientation 6 follows JFIF; the compressed scan is untouched.
        Contains(photo.Data, [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06]).ShouldBeTrue();
        photo.Data[^15..].ShouldBe(original[^15..]);
    }

    [Fact]
    public void A_jpeg_without_orientation_gets_no_exif_block()
    {
        var photo = PhotoFile.Check(Jpeg(Segment(0xFE, Gps)));
        Contains(photo.Data, "Exif"u8.ToArray()).ShouldBeFalse();
        Contains(photo.Data, Gps).ShouldBeFalse();
    }

    [Fact]
    public void A_png_loses_its_text_time_and_exif_chunks()
    {
        static byte[] Chunk(string type, byte[] data) =>
            [(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length, .. Encoding.ASCII.GetBytes(type), .. data, 0, 0, 0, 0];
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", new byte[13]), .. Chunk("tEXt", Gps), .. Chunk("eXIf", Gps),
            .. Chunk("IDAT", [1, 2, 3]), .. Chunk("IEND", [])];
        var photo = PhotoFile.Check(png);
        photo.ContentType.ShouldBe("image/png");
        Contains(photo.Data, Gps).ShouldBeFalse();
        Contains(photo.Data, "IDAT"u8.ToArray()).ShouldBeTrue();
        photo.Data.Length.ShouldBe(png.Length - 2 * (12 + Gps.Length));
    }

    [Theory]
    [InlineData("GIF89a......", "Photo.Type")]
    [InlineData("%PDF-1.7 ...", "Photo.Type")]
    [InlineData("", "Photo.Empty")]
    public void Other_files_are_refused_by_their_content(string content, string code) =>
        Should.Throw<DomainException>(() => PhotoFile.Check(Encoding.ASCII.GetBytes(content))).Code.ShouldBe(code);

    [Fact]
    public void A_file_named_jpg_that_is_not_one_or_is_cut_off_is_refused()
    {
        var cut = Jpeg(Segment(0xE1, Exif(1)))[..12];
        Should.Throw<DomainException>(() => PhotoFile.Check(cut)).Code.ShouldBe("Photo.Damaged");
    }

    [Fact]
    public void A_photo_over_the_limit_is_refused_with_the_limit_in_megabytes()
    {
        var big = Jpeg(Segment(0xFE, new byte[60_000]), Segment(0xFE, new byte[60_000]));
        var e = Should.Throw<DomainException>(() => PhotoFile.Check(big, maxBytes: 100_000));
        (e.Field, e.Code).ShouldBe(("Photo", "Photo.TooLarge"));
        PhotoFile.Check(big, maxBytes: 2 * 1024 * 1024).Data.Length.ShouldBeLessThan(1000);
    }

    private static bool Contains(byte[] data, byte[] part) => data.AsSpan().IndexOf(part) >= 0;
}
