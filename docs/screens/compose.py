"""Composes one before/after image per role: two screenshots side by side, each cropped to its top `crop`
pixels (the part a user sees without scrolling), scaled to at most 900 px wide, labelled, saved as JPEG
quality 80. Usage: python3 compose.py OUT.jpg BEFORE.png AFTER.png [CROP_HEIGHT]"""
import sys

from PIL import Image, ImageDraw, ImageFont

HALF_WIDTH = 900
LABEL_HEIGHT = 34
GAP = 12


def half(path: str, crop: int) -> Image.Image:
    image = Image.open(path).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, crop)))
    if image.width > HALF_WIDTH:
        image = image.resize((HALF_WIDTH, round(image.height * HALF_WIDTH / image.width)), Image.LANCZOS)
    return image


def main() -> None:
    out, before_path, after_path = sys.argv[1:4]
    crop = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    before, after = half(before_path, crop), half(after_path, crop)
    height = LABEL_HEIGHT + max(before.height, after.height)
    sheet = Image.new("RGB", (before.width + GAP + after.width, height), "white")
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 20)
    except OSError:
        font = ImageFont.load_default()
    for x, image, label in ((0, before, "before 2f7eea1"), (before.width + GAP, after, "after")):
        draw.text((x + 8, 6), label, fill="black", font=font)
        sheet.paste(image, (x, LABEL_HEIGHT))
    draw.rectangle((before.width, 0, before.width + GAP - 1, height), fill="#888888")
    sheet.save(out, "JPEG", quality=80)


if __name__ == "__main__":
    main()
