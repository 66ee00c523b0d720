/* A stand-in for Windows' bcryptprimitives.dll, for Wine before 8.13,
 * which lacks ProcessPrng. Rust's standard library (1.78 and later) asks
 * for ProcessPrng before main; without it every Rust program exits with
 * status 53 under such a Wine. This one fills the buffer from
 * BCryptGenRandom (the system's generator, which Wine has).
 *
 * Built by .ci/run with MinGW and copied into the Wine prefix's system32
 * only when that Wine's own bcryptprimitives.dll has no ProcessPrng. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
