using AgentCore.Security.OpenFga.Embedded.Cel;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>CEL integer literals at the edges of their range (found by fuzzing: hex literals overflowed or wrapped).</summary>
public sealed class CelParserTests
{
    [Theory]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    [InlineData("-0x1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void HexAndDecimalInts_ReadToTheirValue(string text, long expected) =>
        ((CelLiteral)CelParser.Parse(text)).Value.ShouldBe(expected);

    [Fact]
    public void HexUint_ReadsUpToItsMaximum() =>
        ((CelLiteral)CelParser.Parse("0xFFFFFFFFFFFFFFFFu")).Value.ShouldBe(ulong.MaxValue);

    [Theory]
    [InlineData("0x8000000000000000")]      // was read as long.MinValue
    [InlineData("0xFFFFFFFFFFFFFFFF")]      // was read as -1
    [InlineData("0x1FFFFFFFFFFFFFFFF")]     // was an OverflowException
    [InlineData("0X00001115111110001115111111111")]
    [InlineData("0x10000000000000000u")]    // was an OverflowException
    [InlineData("9223372036854775808")]
    public void IntsOutOfRange_AreAFormatException_NeverAnotherException(string text)
    {
        var error = Should.Throw<FormatException>(() => CelParser.Parse(text));

        error.Message.ShouldContain(text);
    }

    [Theory]
    [InlineData("\"\\u-123\"")]   // was an ArgumentException from Convert.ToInt32
    [InlineData("\"\\u+fff\"")]
    [InlineData("\"\\u12g4\"")]
    public void UnicodeEscapes_NotOfFourHexDigits_AreAFormatException(string text) =>
        Should.Throw<FormatException>(() => CelParser.Parse(text)).Message.ShouldContain("four hex digits");

    [Fact]
    public void UnicodeEscape_OfFourHexDigits_IsThatCharacter() =>
        ((CelLiteral)CelParser.Parse("\"\\u00e9\"")).Value.ShouldBe("é");
}
