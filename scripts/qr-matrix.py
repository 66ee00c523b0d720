#!/usr/bin/env python3
"""The QR code as a phone sees it: the real binary in a real xterm under a
virtual display, per font, size, theme and `--qr` style, screenshotted and
decoded by zxing-cpp, OpenCV's WeChat decoder and OpenCV's plain detector,
raw and after a simulated phone camera (scaled, tilted, blurred, noisy,
JPEG). Prints one line per case and a summary.

Needs: Xvfb, xterm, xdotool, xwd, ImageMagick's convert, and the Python
packages zxing-cpp, opencv-contrib-python-headless, numpy.
    python3 scripts/qr-matrix.py target/release/smugmug-auth
"""
import itertools, os, subprocess, sys, tempfile, time

import cv2
import numpy as np
import zxingcpp

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/smugmug-auth")
DISPLAY = ":77"
FONTS = [("DejaVu Sans Mono", 11), ("Liberation Mono", 11), ("Terminus", 12)]
SIZES = [(80, 24), (100, 40)]
THEMES = {
    "light": ["-bg", "white", "-fg", "black"],
    "dark": ["-bg", "black", "-fg", "grey90"],
    "reverse": ["-rv"],
}


def camera(img, rng):
    """A phone camera's view: smaller, tilted, blurred, noisy, JPEG."""
    h, w = img.shape[:2]
    img = cv2.resize(img, (int(w * 0.55), int(h * 0.55)), interpolation=cv2.INTER_AREA)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    img = cv2.warpAffine(img, m, (w, h), borderValue=(128, 128, 128))
    img = cv2.GaussianBlur(img, (0, 0), 1.1)
    noise = rng.normal(0, 7, img.shape)
    img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 60])
    return cv2.imdecode(jpg, cv2.IMREAD_COLOR)


def decoders(img, want):
    zx = any(r.text == want for r in zxingcpp.read_barcodes(img))
    wechat = want in cv2.wechat_qrcode_WeChatQRCode().detectAndDecode(img)[0]
    plain = cv2.QRCodeDetector().detectAndDecode(img)[0] == want
    return zx, wechat, plain


def shot(font, size, cols, rows, theme, no_color, style, workdir):
    # As over SSH: the QR code and code path (with a display, the browser path).
    env = dict(os.environ, DISPLAY=DISPLAY, TERM="xterm-256color", SSH_CONNECTION="192.0.2.1 50000 192.0.2.2 22")
    env.pop("SMUGMUG_API_KEY", None)
    env.pop("SMUGMUG_API_SECRET", None)
    if no_color:
        env["NO_COLOR"] = "1"
    cmd = f"{BIN} --demo --qr {style} --config {workdir}/c.yaml; sleep 30"
    term = subprocess.Popen(
        ["xterm", "-fa", font, "-fs", str(size), "-geometry", f"{cols}x{rows}+0+0", "-b", "0",
         "-xrm", "XTerm*allowBoldFonts: false", *THEMES[theme], "-e", "sh", "-c", cmd],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    window = subprocess.run(["xdotool", "search", "--sync", "--class", "xterm"], env=env, capture_output=True,
                            text=True, timeout=10).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, timeout=10)
    subprocess.run(["xdotool", "key", "Return"], env=env, timeout=10)
    time.sleep(1.5)
    png = os.path.join(workdir, "shot.png")
    # The terminal window only: what a phone held up to the screen frames.
    xwd = subprocess.run(["xwd", "-id", window, "-silent"], env=env, capture_output=True).stdout
    subprocess.run(["/usr/bin/convert", "xwd:-", png], input=xwd)
    term.kill()
    return png


def main():
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "2200x1400x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    rng = np.random.default_rng(7)
    totals = {}
    try:
        with tempfile.TemporaryDirectory() as workdir:
            cases = [(f, size, t, nc, "auto") for f, size, t, nc in itertools.product(FONTS, SIZES, THEMES, [False, True])]
            # Square modules: `large` (full blocks only) and `ascii`, at the size they need.
            cases += [(f, (124, 45), t, False, style) for f in FONTS for t in THEMES for style in ["large", "ascii"]]
            for (font, fsize), (cols, rows), theme, no_color, style in cases:
                png = shot(font, fsize, cols, rows, theme, no_color, style, workdir)
                img = cv2.imread(png)
                # The link is random per run: what any reader finds in the raw
                # screenshot, if it is an authorize link at all.
                found = [r.text for r in zxingcpp.read_barcodes(img)] + list(
                    cv2.wechat_qrcode_WeChatQRCode().detectAndDecode(img)[0])
                found = [t for t in found if "/services/oauth/1.0a/authorize?oauth_token=" in t]
                want = found[0] if found else None
                raw = decoders(img, want) if want else (False, False, False)
                cam = decoders(camera(img, rng), want) if want else (False, False, False)
                name = f"{font:16} {cols}x{rows} {theme:7} {'NO_COLOR' if no_color else '':8} {style:5}"
                marks = lambda t: " ".join("ok" if x else "--" for x in t)
                print(f"{name} raw zxing/wechat/plain: {marks(raw)}   camera: {marks(cam)}", flush=True)
                for key, value in zip(["raw zxing", "raw wechat", "raw plain", "cam zxing", "cam wechat", "cam plain"],
                                      raw + cam):
                    totals[key] = totals.get(key, 0) + int(value)
                totals["cases"] = totals.get("cases", 0) + 1
    finally:
        xvfb.kill()
    print("decoded:", ", ".join(f"{k} {v}/{totals['cases']}" for k, v in totals.items() if k != "cases"))


if __name__ == "__main__":
    main()
