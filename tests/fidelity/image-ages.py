#!/usr/bin/env python3
"""Load copies of busybox:latest whose config 'created' time lies N seconds in
the past, so `docker images` shows real HumanDuration strings ("About a
minute ago", "2 weeks ago", ...). Tags: ages:<label>. Usage: image-ages.py DOCKER"""
import hashlib, io, json, subprocess, sys, tarfile, datetime

docker = sys.argv[1] if len(sys.argv) > 1 else "docker"
AGES = [  # (tag, seconds in the past)
    # (docker load itself takes ~1 s, so no ages under ~10 s here; the
    # "Less than a second"/"1 second"/"N seconds" forms are seen on containers)
    ("s045", 45), ("s065", 65), ("s115", 115), ("s125", 125), ("m59", 59 * 60 + 30),
    ("m60", 3600 + 5), ("m89", 89 * 60), ("m90", 90 * 60 + 5),
    ("h47", 47 * 3600), ("h47_6", int(47.6 * 3600)), ("d13", 13 * 86400 + 60),
    ("d14", 14 * 86400 + 60), ("d59", 59 * 86400), ("d60", 60 * 86400 + 60),
    ("d729", 729 * 86400), ("d730", 730 * 86400 + 60), ("d1100", 1100 * 86400),
]
saved = subprocess.run([docker, "save", "busybox:latest"], check=True,
                       capture_output=True).stdout
src = tarfile.open(fileobj=io.BytesIO(saved))
members = {m.name: m for m in src.getmembers()}
manifest = json.load(src.extractfile("manifest.json"))[0]
config = json.load(src.extractfile(manifest["Config"]))
out = io.BytesIO()
dst = tarfile.open(fileobj=out, mode="w")
for name, m in members.items():
    if name in ("manifest.json", "repositories", manifest["Config"]):
        continue
    dst.addfile(m, src.extractfile(m) if m.isfile() else None)
now = datetime.datetime.now(datetime.timezone.utc)
new_manifest = []
for tag, secs in AGES:
    c = dict(config)
    c["created"] = (now - datetime.timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    c["comment"] = "age " + tag  # keep IDs distinct
    data = json.dumps(c).encode()
    fname = hashlib.sha256(data).hexdigest() + ".json"
    ti = tarfile.TarInfo(fname); ti.size = len(data)
    dst.addfile(ti, io.BytesIO(data))
    new_manifest.append({"Config": fname, "RepoTags": ["ages:" + tag],
                         "Layers": manifest["Layers"]})
data = json.dumps(new_manifest).encode()
ti = tarfile.TarInfo("manifest.json"); ti.size = len(data)
dst.addfile(ti, io.BytesIO(data))
dst.close()
subprocess.run([docker, "load"], input=out.getvalue(), check=True,
               stdout=subprocess.DEVNULL)
