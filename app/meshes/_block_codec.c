/* The block encoder of app/meshes/block_compression.py, in C for speed (same steps).
 *
 * encode(pixels, width, height, with_alpha, out): pixels are RGBA uint8, width and height
 * multiples of 4 (the caller pads); out receives BC1 blocks (8 bytes) or, with_alpha, BC3
 * blocks (16 bytes: the alpha block, then the colour block), blocks in row-major order.
 * Per block: endpoints at the extremes of the colours along their principal axis (power
 * iteration on the covariance), one least-squares refinement kept when it lowers the error,
 * colour0 > colour1 (four-colour mode), indices to the nearest of the four colours.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static uint16_t to565(const float c[3]) {
    int r = (int)lrintf(c[0] * 31.0f / 255.0f), g = (int)lrintf(c[1] * 63.0f / 255.0f),
        b = (int)lrintf(c[2] * 31.0f / 255.0f);
    r = r < 0 ? 0 : r > 31 ? 31 : r;
    g = g < 0 ? 0 : g > 63 ? 63 : g;
    b = b < 0 ? 0 : b > 31 ? 31 : b;
    return (uint16_t)((r << 11) | (g << 5) | b);
}

static void from565(uint16_t p, float c[3]) {
    int r = (p >> 11) & 31, g = (p >> 5) & 63, b = p & 31;
    c[0] = (float)((r << 3) | (r >> 2));
    c[1] = (float)((g << 2) | (g >> 4));
    c[2] = (float)((b << 3) | (b >> 2));
}

/* indices into the four colours of (c0, c1); returns the squared error */
static float nearest(const float px[16][3], uint16_t c0, uint16_t c1, uint32_t idx[16]) {
    static const uint32_t step_index[4] = {1, 3, 2, 0};
    float e0[3], e1[3], span[3];
    from565(c0, e0);
    from565(c1, e1);
    float length = 0;
    for (int k = 0; k < 3; k++) {
        span[k] = e0[k] - e1[k];
        length += span[k] * span[k];
    }
    if (length < 1e-6f) length = 1e-6f;
    float error = 0;
    for (int i = 0; i < 16; i++) {
        float t = 0;
        for (int k = 0; k < 3; k++) t += (px[i][k] - e1[k]) * span[k];
        t /= length;
        float s = rintf(t * 3.0f);
        s = s < 0 ? 0 : s > 3 ? 3 : s;
        for (int k = 0; k < 3; k++) {
            float d = px[i][k] - (e1[k] + s / 3.0f * span[k]);
            error += d * d;
        }
        idx[i] = step_index[(int)s];
    }
    return error;
}

static float clamp255(float v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

static void colour_block(const uint8_t *pixels, int stride, uint8_t *out) {
    static const float weight[4] = {1.0f, 0.0f, 2.0f / 3.0f, 1.0f / 3.0f};
    float px[16][3], mean[3] = {0, 0, 0}, lo[3] = {255, 255, 255}, hi[3] = {0, 0, 0};
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
            for (int k = 0; k < 3; k++) {
                float v = pixels[y * stride + x * 4 + k];
                px[y * 4 + x][k] = v;
                mean[k] += v / 16.0f;
                if (v < lo[k]) lo[k] = v;
                if (v > hi[k]) hi[k] = v;
            }
    float cov[3][3] = {{0}};
    for (int i = 0; i < 16; i++)
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) cov[a][b] += (px[i][a] - mean[a]) * (px[i][b] - mean[b]);
    float axis[3] = {hi[0] - lo[0] + 1e-3f, hi[1] - lo[1] + 1e-3f, hi[2] - lo[2] + 1e-3f};
    for (int it = 0; it < 4; it++) {
        float next[3];
        for (int a = 0; a < 3; a++)
            next[a] = cov[a][0] * axis[0] + cov[a][1] * axis[1] + cov[a][2] * axis[2];
        float norm = sqrtf(next[0] * next[0] + next[1] * next[1] + next[2] * next[2]);
        if (norm < 1e-12f) norm = 1e-12f;
        for (int a = 0; a < 3; a++) axis[a] = next[a] / norm;
    }
    float pmin = 1e30f, pmax = -1e30f;
    for (int i = 0; i < 16; i++) {
        float p = 0;
        for (int k = 0; k < 3; k++) p += (px[i][k] - mean[k]) * axis[k];
        if (p < pmin) pmin = p;
        if (p > pmax) pmax = p;
    }
    float high[3], low[3];
    for (int k = 0; k < 3; k++) {
        high[k] = clamp255(mean[k] + pmax * axis[k]);
        low[k] = clamp255(mean[k] + pmin * axis[k]);
    }
    uint16_t c0 = to565(high), c1 = to565(low);
    uint32_t idx[16], better[16];
    float error = nearest(px, c0, c1, idx);
    /* least squares for the endpoints, given these indices */
    float a = 0, b = 0, c = 0, x[3] = {0, 0, 0}, yv[3] = {0, 0, 0};
    for (int i = 0; i < 16; i++) {
        float w = weight[idx[i]];
        a += w * w;
        b += w * (1 - w);
        c += (1 - w) * (1 - w);
        for (int k = 0; k < 3; k++) {
            x[k] += w * px[i][k];
            yv[k] += (1 - w) * px[i][k];
        }
    }
    float det = a * c - b * b;
    if (fabsf(det) > 1e-6f) {
        float r0[3], r1[3];
        for (int k = 0; k < 3; k++) {
            r0[k] = clamp255((c * x[k] - b * yv[k]) / det);
            r1[k] = clamp255((a * yv[k] - b * x[k]) / det);
        }
        uint16_t n0 = to565(r0), n1 = to565(r1);
        float refined = nearest(px, n0, n1, better);
        if (refined < error) {
            c0 = n0;
            c1 = n1;
            memcpy(idx, better, sizeof idx);
        }
    }
    if (c0 < c1) {
        static const uint32_t swapped[4] = {1, 0, 3, 2};
        uint16_t t = c0;
        c0 = c1;
        c1 = t;
        for (int i = 0; i < 16; i++) idx[i] = swapped[idx[i]];
    }
    uint32_t bits = 0;
    if (c0 != c1)
        for (int i = 0; i < 16; i++) bits |= idx[i] << (2 * i);
    out[0] = (uint8_t)(c0 & 255);
    out[1] = (uint8_t)(c0 >> 8);
    out[2] = (uint8_t)(c1 & 255);
    out[3] = (uint8_t)(c1 >> 8);
    for (int k = 0; k < 4; k++) out[4 + k] = (uint8_t)((bits >> (8 * k)) & 255);
}

static void alpha_block(const uint8_t *pixels, int stride, uint8_t *out) {
    static const float weight[8] = {1, 0, 6.0f / 7, 5.0f / 7, 4.0f / 7, 3.0f / 7, 2.0f / 7, 1.0f / 7};
    float alpha[16], a0 = 0, a1 = 255;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            float v = pixels[y * stride + x * 4 + 3];
            alpha[y * 4 + x] = v;
            if (v > a0) a0 = v;
            if (v < a1) a1 = v;
        }
    uint64_t bits = 0;
    if (a0 != a1)
        for (int i = 0; i < 16; i++) {
            int best = 0;
            float best_d = 1e30f;
            for (int code = 0; code < 8; code++) {
                float d = fabsf(alpha[i] - (a0 * weight[code] + a1 * (1 - weight[code])));
                if (d < best_d) {
                    best_d = d;
                    best = code;
                }
            }
            bits |= (uint64_t)best << (3 * i);
        }
    out[0] = (uint8_t)a0;
    out[1] = (uint8_t)a1;
    for (int k = 0; k < 6; k++) out[2 + k] = (uint8_t)((bits >> (8 * k)) & 255);
}

static PyObject *encode(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer pixels_b, out_b;
    int width, height, with_alpha;
    if (!PyArg_ParseTuple(args, "y*iipw*", &pixels_b, &width, &height, &with_alpha, &out_b))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t block_bytes = with_alpha ? 16 : 8;
    if (width <= 0 || height <= 0 || width % 4 || height % 4) {
        PyErr_SetString(PyExc_ValueError, "encode: width and height must be multiples of 4");
        goto done;
    }
    if (pixels_b.len != (Py_ssize_t)width * height * 4 ||
        out_b.len != (Py_ssize_t)(width / 4) * (height / 4) * block_bytes) {
        PyErr_SetString(PyExc_ValueError, "encode: buffer sizes do not match the image");
        goto done;
    }
    const uint8_t *pixels = pixels_b.buf;
    uint8_t *out = out_b.buf;
    Py_BEGIN_ALLOW_THREADS;
    for (int by = 0; by < height / 4; by++)
        for (int bx = 0; bx < width / 4; bx++) {
            const uint8_t *corner = pixels + ((Py_ssize_t)by * 4 * width + bx * 4) * 4;
            uint8_t *block = out + ((Py_ssize_t)by * (width / 4) + bx) * block_bytes;
            if (with_alpha) {
                alpha_block(corner, width * 4, block);
                block += 8;
            }
            colour_block(corner, width * 4, block);
        }
    Py_END_ALLOW_THREADS;
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&pixels_b);
    PyBuffer_Release(&out_b);
    return result;
}

static PyMethodDef methods[] = {
    {"encode", encode, METH_VARARGS, "Encode RGBA pixels as BC1 or BC3 blocks."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_block_codec", NULL, -1, methods};

PyMODINIT_FUNC PyInit__block_codec(void) { return PyModule_Create(&module); }
