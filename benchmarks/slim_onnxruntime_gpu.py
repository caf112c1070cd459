"""Make onnxruntime-gpu small enough to carry to a GPU machine without internet (64 MiB a transfer).

The wheel (255 MB) is mostly the CUDA provider's kernels for every GPU generation. This unpacks it into
``OUT``, leaves out what kinemotion never loads (``libonnxruntime.so``: the Python module is built without it;
the TensorRT provider), and zeroes the payload of every kernel built for another GPU generation than
``--keep-sm`` (90: Hopper, the H100 and H200) in the provider's fatbins, keeping the headers and any container
that holds no kernel of that generation whole. Zeroed bytes pack to nothing: ``tar cf - -C OUT . | xz -9``
gives about 61 MB, to ``split`` in two transfers, join and unpack (``tar x -C SITE_PACKAGES``) on the machine,
whose Python must have the CUDA 13 and cuDNN 9 ``nvidia-*`` wheels already (docs/gpu.md).

    python benchmarks/slim_onnxruntime_gpu.py onnxruntime_gpu-1.31.1-cp312-cp312-manylinux_2_28_x86_64.whl OUT
"""

from __future__ import annotations

import argparse
import struct
import zipfile
from collections import Counter
from pathlib import Path

FATBIN_MAGIC = 0xBA55ED50
ELF_KIND = 2  # a fatbin entry holding a cubin (1: PTX)
LEFT_OUT = ("capi/libonnxruntime.so", "capi/libonnxruntime_providers_tensorrt.so")


def _section(data: bytearray, wanted: str) -> tuple[int, int]:
    """(offset, size) of the ELF64 section named ``wanted``."""
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    entsize, count, names = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + k * entsize) for k in range(count)]
    strings = headers[names][4]
    for name, _type, _flags, _addr, offset, size in headers:
        end = data.index(b"\0", strings + name)
        if data[strings + name : end].decode() == wanted:
            return offset, size
    raise ValueError(f"no {wanted} section")


def zero_other_generations(path: Path, keep_sm: int) -> Counter[int]:
    """Zero, in place, the kernels of ``path``'s fatbins built for another generation than ``keep_sm``, in each
    container that holds a ``keep_sm`` kernel; the bytes zeroed, by generation."""
    data = bytearray(path.read_bytes())
    start, size = _section(data, ".nv_fatbin")
    zeroed: Counter[int] = Counter()
    pos = start
    while pos < start + size:
        magic, _version, header, body = struct.unpack_from("<IHHQ", data, pos)
        if magic != FATBIN_MAGIC:
            pos += 8  # containers are 8-byte aligned
            continue
        entries = []
        entry = pos + header
        while entry < pos + header + body:
            kind, _unknown, entry_header, payload = struct.unpack_from("<HHIQ", data, entry)
            arch = struct.unpack_from("<I", data, entry + 28)[0]
            entries.append((kind, arch, entry + entry_header, payload))
            entry += entry_header + payload
        if any(kind == ELF_KIND and arch == keep_sm for kind, arch, _, _ in entries):
            for kind, arch, offset, payload in entries:
                if not (kind == ELF_KIND and arch == keep_sm):
                    data[offset : offset + payload] = bytes(payload)
                    zeroed[arch] += payload
        pos += header + body
    path.write_bytes(data)
    return zeroed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--keep-sm", type=int, default=90, help="the GPU generation kept (default 90: Hopper)")
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        members = [m for m in wheel.namelist() if not any(m.startswith(f"onnxruntime/{p}") for p in LEFT_OUT)]
        wheel.extractall(args.out, members)
    provider = args.out / "onnxruntime" / "capi" / "libonnxruntime_providers_cuda.so"
    zeroed = zero_other_generations(provider, args.keep_sm)
    for arch, count in sorted(zeroed.items()):
        print(f"sm_{arch}: {count / 1e6:.1f} MB zeroed")


if __name__ == "__main__":
    main()
