using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// Encrypts each Data Protection key (the keys that sign cookies and tokens) with the master key before it is stored
/// in the database: a dump holds <c>&lt;encryptedKey&gt;</c> elements that only a holder of the key file can open.
/// </summary>
public sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key-ring";
    internal const string Element = "encryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedValue = key.Wrap(Purpose, plain, Purpose);
        var element = new XElement(Element,
            new XComment(" Encrypted with the Shegong master key (Keys:File); see docs/security.md. "),
            new XElement("value", Convert.ToBase64String(sealedValue)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="MasterKeyXmlEncryptor"/> sealed; made by Data Protection with the host's services.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetService<MasterKey>()
            ?? throw new InvalidOperationException("The Data Protection key ring is encrypted with the master key, and no master key is configured (Keys:File).");
        var value = encryptedElement.Element("value")?.Value ?? throw new System.Security.Cryptography.CryptographicException("No encrypted value in the key element.");
        var plain = key.Unwrap(MasterKeyXmlEncryptor.Purpose, Convert.FromBase64String(value), MasterKeyXmlEncryptor.Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
