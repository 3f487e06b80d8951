#!/usr/bin/env python3
"""Per-call cost of the plain serdes: ours (kafka_serde), the reference's, and the raw stdlib call.

For each serde and a typical value: nanoseconds per call (best of several
repeats) and the ratio to the reference (>1 means we are faster) and to the
bare ``str.encode`` / ``struct.pack`` underneath. ``--quick`` runs fewer calls.
"""

from __future__ import annotations

import argparse
import struct
import timeit
import uuid
from collections.abc import Callable
from typing import Any


def _cases() -> list[tuple[str, Any, Any, Callable[[Any], Any], Any]]:
    import kafka_serde as ours
    from confluent_kafka import serialization as ref

    text = "order-000042:" + "v" * 40
    data = text.encode()
    int32, float64 = struct.Struct(">i"), struct.Struct(">d")
    return [
        ("string serialize", ours.StringSerializer(), ref.StringSerializer(), str.encode, text),
        ("string deserialize", ours.StringDeserializer(), ref.StringDeserializer(), bytes.decode, data),
        ("string serialize latin-1", ours.StringSerializer("latin-1"), ref.StringSerializer("latin-1"),
         lambda s: s.encode("latin-1"), text),
        ("integer serialize", ours.IntegerSerializer(), ref.IntegerSerializer(), int32.pack, 123456),
        ("integer deserialize", ours.IntegerDeserializer(), ref.IntegerDeserializer(), int32.unpack,
         b"\x00\x01\xe2\x40"),
        ("double serialize", ours.DoubleSerializer(), ref.DoubleSerializer(), float64.pack, 3.25),
        ("double deserialize", ours.DoubleDeserializer(), ref.DoubleDeserializer(), float64.unpack,
         float64.pack(3.25)),
        ("None serialize (string)", ours.StringSerializer(), ref.StringSerializer(), lambda v: v, None),
        ("long serialize", ours.LongSerializer(), None, struct.Struct(">q").pack, 2**40),
        ("float serialize", ours.FloatSerializer(), None, struct.Struct(">f").pack, 0.5),
        ("uuid serialize", ours.UUIDSerializer(), None, lambda u: str(u).encode(), uuid.UUID(int=7)),
        ("uuid deserialize", ours.UUIDDeserializer(), None, lambda b: uuid.UUID(b.decode()),
         str(uuid.UUID(int=7)).encode()),
        ("bytes serialize", ours.BytesSerializer(), None, bytes, data),
    ]


def _ns_per_call(call: Callable[..., Any], args: tuple[Any, ...], number: int) -> float:
    timings = timeit.repeat("call(*args)", globals={"call": call, "args": args}, number=number, repeat=5)
    return min(timings) / number * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100,000 calls per repeat instead of 1,000,000")
    number = 100_000 if parser.parse_args().quick else 1_000_000

    from kafka_core import MessageField, SerializationContext

    ctx = SerializationContext("bench", MessageField.VALUE)
    print(f"{'serde':26} {'ours ns':>8} {'ref ns':>8} {'raw ns':>8} {'x ref':>6} {'ours-raw':>9}")
    for name, ours, ref, raw, value in _cases():
        t_ours = _ns_per_call(ours, (value, ctx), number)
        t_raw = _ns_per_call(raw, (value,), number)
        ref_ns, ratio = "-", "-"
        if ref is not None:
            t_ref = _ns_per_call(ref, (value, ctx), number)
            ref_ns, ratio = f"{t_ref:.1f}", f"{t_ref / t_ours:.2f}"
        print(f"{name:26} {t_ours:8.1f} {ref_ns:>8} {t_raw:8.1f} {ratio:>6} {t_ours - t_raw:9.1f}")


if __name__ == "__main__":
    main()
