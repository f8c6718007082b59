/* A stand-in for Windows 10's bcryptprimitives.dll, for the Wine smoke test
 * only (scripts/check-windows.sh installs it into the test's own Wine
 * prefix; it is never shipped). Every Go >= 1.24 Windows program loads
 * bcryptprimitives.dll from system32 at start for ProcessPrng, its random
 * source; Debian 12's Wine 8.0 has no such DLL, so the program stops with
 * "fatal error: bcryptprimitives.dll not found" before main. ProcessPrng
 * here draws from BCryptGenRandom, which Wine implements. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
