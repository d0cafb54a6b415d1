#!/usr/bin/env bash
# Build a local busybox:latest image from the host's busybox-static binary
# (no registry is reachable). Layout mimics the official busybox image:
# applets in /bin, /etc/passwd + /etc/group, CMD ["sh"].
set -euo pipefail
DOCKER=${DOCKER:-docker}
BB=${BB:-/bin/busybox}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,etc,home,proc,root,sys,tmp,usr/sbin,var/spool/mail,var/www}
chmod 1777 "$root/tmp"; chmod 700 "$root/root"
cp "$BB" "$root/bin/busybox"
for a in $("$BB" --list); do
  [ "$a" = busybox ] || ln -f "$root/bin/busybox" "$root/bin/$a"
done
cat > "$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
P
cat > "$root/etc/group" <<'G'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:12:
www-data:x:33:
operator:x:37:
staff:x:50:
audio:x:29:
users:x:100:
nogroup:x:65534:
G
tar -C "$root" --numeric-owner --owner=0 --group=0 -cf - . |
  "$DOCKER" import --change 'CMD ["sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - busybox:latest
