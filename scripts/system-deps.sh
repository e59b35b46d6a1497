#!/usr/bin/env bash
# Install the Debian packages that Dân Vận needs outside Python.
#
# Usage: scripts/system-deps.sh NAME...
#   chromium     Debian's Chromium (browser tests, PDF rendering) and DejaVu fonts
#   postgresql   PostgreSQL server (tests against PostgreSQL, production)
#   tesseract    Tesseract OCR with Vietnamese data and poppler-utils (plan import)
#   libreoffice  LibreOffice Writer without GUI, poppler-utils and Liberation fonts
#                (DOCX to PDF conversion and its checks)
#
# For every NAME that is missing:
#   - as root on Debian: `apt-get update` once, then `apt-get install` of the packages;
#   - otherwise: print the exact `sudo apt-get install ...` command and exit 1.
# DANVAN_SKIP_SYSTEM_DEPS=1 turns that failure into a warning (exit 0), for machines
# where the packages are provided some other way.
# Nothing is printed when everything is already present.
set -euo pipefail

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

# --- what each logical dependency means -----------------------------------

# present_NAME: exit 0 when the dependency is usable on this machine.
present_chromium() {
    [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]
}
present_postgresql() {
    # The client (psql) alone is not enough: we need the server binaries and the
    # cluster tools from postgresql-common.
    command -v pg_ctlcluster >/dev/null 2>&1 &&
        compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}
present_tesseract() {
    command -v tesseract >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 &&
        compgen -G "/usr/share/tesseract-ocr/*/tessdata/vie.traineddata" >/dev/null
}
present_libreoffice() {
    [ -x /usr/lib/libreoffice/program/soffice ] &&
        [ -e /usr/lib/libreoffice/program/libswlo.so ] &&
        command -v pdftotext >/dev/null 2>&1 &&
        [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ]
}

# packages_NAME: the Debian packages that provide it.
packages_chromium() { echo "chromium fonts-dejavu-core"; }
packages_postgresql() { echo "postgresql"; }
packages_tesseract() { echo "tesseract-ocr tesseract-ocr-vie poppler-utils"; }
packages_libreoffice() {
    # Prefer the variant without X11 dependencies when the archive has it.
    if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
        echo "libreoffice-writer-nogui poppler-utils fonts-liberation2"
    else
        echo "libreoffice-writer poppler-utils fonts-liberation2"
    fi
}

# --- main -------------------------------------------------------------------

[ "$#" -gt 0 ] || usage

missing_names=()
for name in "$@"; do
    case "$name" in
        chromium | postgresql | tesseract | libreoffice) ;;
        -h | --help) usage ;;
        *)
            echo "system-deps: unknown dependency '$name' (known: chromium postgresql tesseract libreoffice)" >&2
            exit 2
            ;;
    esac
    if ! "present_$name"; then
        missing_names+=("$name")
    fi
done

[ "${#missing_names[@]}" -eq 0 ] && exit 0

can_install=0
if [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    can_install=1
fi

if [ "$can_install" -eq 0 ]; then
    packages=()
    for name in "${missing_names[@]}"; do
        # shellcheck disable=SC2207
        packages+=($("packages_$name"))
    done
    command_line="sudo apt-get install --no-install-recommends ${packages[*]}"
    if [ "${DANVAN_SKIP_SYSTEM_DEPS:-}" = "1" ]; then
        echo "system-deps: WARNING: missing ${missing_names[*]}; continuing because DANVAN_SKIP_SYSTEM_DEPS=1." >&2
        echo "system-deps: to install them: $command_line" >&2
        exit 0
    fi
    echo "system-deps: missing ${missing_names[*]}. Install them with:" >&2
    echo "    $command_line" >&2
    echo "(or set DANVAN_SKIP_SYSTEM_DEPS=1 to continue without them)" >&2
    exit 1
fi

echo "system-deps: installing ${missing_names[*]} with apt-get ..."
apt-get update -qq
packages=()
for name in "${missing_names[@]}"; do
    # packages_libreoffice asks apt-cache, so this runs after the update.
    # shellcheck disable=SC2207
    packages+=($("packages_$name"))
done
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" \
    >/dev/null

still_missing=()
for name in "${missing_names[@]}"; do
    "present_$name" || still_missing+=("$name")
done
if [ "${#still_missing[@]}" -gt 0 ]; then
    echo "system-deps: installed ${packages[*]} but still missing: ${still_missing[*]}" >&2
    exit 1
fi
echo "system-deps: installed ${packages[*]}"
