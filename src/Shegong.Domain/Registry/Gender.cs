namespace Shegong.Domain.Registry;

/// <summary>Values follow GB/T 2261.1 (1 男, 2 女), the same digits as in national data exchange formats.</summary>
public enum Gender
{
    Male = 1,
    Female = 2,
}
