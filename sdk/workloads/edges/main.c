// edges: edge detection on a greyscale image. A WASI preview 1 program: reads a binary PGM (P5, maxval
// 255, at most 2048 x 2048) on stdin, smooths it with a 3 x 3 Gaussian, then writes the Sobel gradient
// magnitude as a P5 image of the same size. Integer arithmetic except one correctly rounded square root
// per pixel, so any implementation computes the same bytes (see sdk/workloads/README.md).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_SIDE 2048

static int fail(const char *message) {
    fprintf(stderr, "edges: %s\n", message);
    return 2;
}

// Reads all of stdin into a malloc'd buffer.
static unsigned char *read_all(size_t *size) {
    size_t capacity = 1 << 16, length = 0;
    unsigned char *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + length, 1, capacity - length, stdin)) > 0) {
        length += n;
        if (length == capacity) {
            if (capacity >= (size_t)MAX_SIDE * MAX_SIDE + 4096) break;  // larger than any valid image
            unsigned char *grown = realloc(data, capacity *= 2);
            if (!grown) free(data);
            data = grown;
        }
    }
    *size = length;
    return data;
}

// Header fields: decimal numbers separated by whitespace, with "#" comments up to the end of the line.
static long field(const unsigned char *data, size_t size, size_t *at) {
    for (;;) {
        while (*at < size && (data[*at] == ' ' || data[*at] == '\t' || data[*at] == '\r' || data[*at] == '\n')) (*at)++;
        if (*at < size && data[*at] == '#') {
            while (*at < size && data[*at] != '\n') (*at)++;
            continue;
        }
        break;
    }
    long value = -1;
    while (*at < size && data[*at] >= '0' && data[*at] <= '9' && value < 100000) {
        value = (value < 0 ? 0 : value * 10) + (data[*at] - '0');
        (*at)++;
    }
    return value;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

int main(void) {
    size_t size, at = 2;
    unsigned char *data = read_all(&size);
    if (!data) return fail("out of memory");
    if (size < 2 || data[0] != 'P' || data[1] != '5') return fail("expected a binary PGM (P5)");
    long width = field(data, size, &at), height = field(data, size, &at), maxval = field(data, size, &at);
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return fail("width and height must be 1..2048");
    if (maxval != 255) return fail("maxval must be 255");
    if (at >= size || !(data[at] == ' ' || data[at] == '\t' || data[at] == '\r' || data[at] == '\n')) return fail("malformed header");
    at++;  // exactly one whitespace byte before the pixels
    if (size - at != (size_t)(width * height)) return fail("pixel data does not match width x height");
    const unsigned char *in = data + at;
    int w = (int)width, h = (int)height;

    // Gaussian 1-2-1 kernel (sum 16), edges clamped, rounded half up.
    unsigned char *blur = malloc((size_t)w * h), *out = malloc((size_t)w * h);
    if (!blur || !out) return fail("out of memory");
#define IN(x, y) in[clamp(y, 0, h - 1) * w + clamp(x, 0, w - 1)]
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            blur[y * w + x] = (unsigned char)((IN(x - 1, y - 1) + 2 * IN(x, y - 1) + IN(x + 1, y - 1) +
                                               2 * IN(x - 1, y) + 4 * IN(x, y) + 2 * IN(x + 1, y) +
                                               IN(x - 1, y + 1) + 2 * IN(x, y + 1) + IN(x + 1, y + 1) + 8) >> 4);
    // Sobel magnitude sqrt(gx^2 + gy^2), rounded to nearest, capped at 255.
#define B(x, y) blur[clamp(y, 0, h - 1) * w + clamp(x, 0, w - 1)]
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int gx = (B(x + 1, y - 1) + 2 * B(x + 1, y) + B(x + 1, y + 1)) - (B(x - 1, y - 1) + 2 * B(x - 1, y) + B(x - 1, y + 1));
            int gy = (B(x - 1, y + 1) + 2 * B(x, y + 1) + B(x + 1, y + 1)) - (B(x - 1, y - 1) + 2 * B(x, y - 1) + B(x + 1, y - 1));
            int m = (int)(sqrt((double)(gx * gx + gy * gy)) + 0.5);
            out[y * w + x] = (unsigned char)(m > 255 ? 255 : m);
        }
    printf("P5\n%d %d\n255\n", w, h);
    fwrite(out, 1, (size_t)w * h, stdout);
    return 0;
}
