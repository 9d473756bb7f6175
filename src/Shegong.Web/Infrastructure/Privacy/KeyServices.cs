using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Privacy;

public static class KeyServices
{
    /// <summary>
    /// The master key (<c>Keys:File</c>, default <c>data/shegong.key</c> under the content root; created when missing
    /// outside Production or with <c>Keys:CreateIfMissing=true</c>) and Data Protection, whose key ring is kept in the
    /// database encrypted with the master key — or with the certificate at <c>Keys:CertificatePath</c>
    /// (<c>Keys:CertificatePassword</c>), when one is named.
    /// </summary>
    public static IServiceCollection AddShegongKeys(this IServiceCollection services, IConfiguration config, IHostEnvironment environment)
    {
        var path = config["Keys:File"];
        path = string.IsNullOrWhiteSpace(path) ? MasterKey.DefaultFile : path;
        if (!Path.IsPathRooted(path)) path = Path.Combine(environment.ContentRootPath, path);
        var master = MasterKey.Load(path, createIfMissing: !environment.IsProduction() || config.GetValue("Keys:CreateIfMissing", false));
        services.AddSingleton(master);
        var protection = services.AddDataProtection().SetApplicationName("Shegong").PersistKeysToDbContext<ShegongDbContext>();
        var certificate = config["Keys:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, config["Keys:CertificatePassword"]));
        else
            services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new MasterKeyXmlEncryptor(master));
        return services;
    }
}
