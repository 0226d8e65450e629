using System.Runtime.CompilerServices;

// The validator works in large stack buffers (token, header, payload, name scratch: ~25 KiB a call).
// Zeroing them cost more than decoding (about 2 µs a call). Every stackalloc in this assembly is written
// before it is read, and only the written part is ever read (reviewed per buffer; see Jwt/Internal/readme.md).
[module: SkipLocalsInit]
