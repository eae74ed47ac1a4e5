/* The inner loops of app/meshes/surface_fit.py, in C for speed.
 *
 * Four functions over plain contiguous buffers (float64 and int64, checked by the Python
 * caller), no NumPy headers:
 *   owners(faces, kept, out)   multi-source breadth-first search over the triangles: for
 *       every point, the index (into kept) of the kept point fewest edges away, or -1.
 *   weld(bits, id, first) -> count   vertices grouped by the exact bits of their position:
 *       an id per vertex, numbered in order of first use, and each id's first vertex.
 *   samples(points, corners, owner, centre, normal, weight, sample_owner) -> count
 *       one sample per triangle with area whose first corner has an owner.
 *   fit(centre, normal, weight, owner, faces, start, out, iterations, pull, max_shift)
 *       (max_shift in mean edge lengths of the simplified surface) ties each sample to the simplified triangle (around its owner) whose centroid is
 *       nearest, then solves the point-to-plane least-squares problem for the vertices by
 *       conjugate gradients with a 3x3 block preconditioner; writes the positions to out.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int64_t idx_t;

#define MIN_FACING 0.5 /* cosine: a sample only lies on triangles facing its way */

static PyObject *owners(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer faces_b, kept_b, out_b;
    if (!PyArg_ParseTuple(args, "y*y*w*", &faces_b, &kept_b, &out_b)) return NULL;
    PyObject *result = NULL;
    const idx_t *faces = faces_b.buf, *kept = kept_b.buf;
    idx_t *out = out_b.buf;
    Py_ssize_t points = out_b.len / (Py_ssize_t)sizeof(idx_t);
    Py_ssize_t count = kept_b.len / (Py_ssize_t)sizeof(idx_t);
    Py_ssize_t nfaces = faces_b.len / (Py_ssize_t)(3 * sizeof(idx_t));
    idx_t *queue = NULL, *first = NULL, *around = NULL;
    for (Py_ssize_t i = 0; i < 3 * nfaces; i++)
        if (faces[i] < 0 || faces[i] >= points) {
            PyErr_SetString(PyExc_ValueError, "owners: a face index is out of range");
            goto done;
        }
    queue = malloc(sizeof(idx_t) * (size_t)(points + 1));
    first = calloc((size_t)points + 2, sizeof(idx_t));
    around = malloc(sizeof(idx_t) * (size_t)(3 * nfaces + 1));
    if (!queue || !first || !around) { PyErr_NoMemory(); goto done; }
    Py_BEGIN_ALLOW_THREADS
    /* Faces around each point (CSR), then a breadth-first search through them. */
    for (Py_ssize_t i = 0; i < 3 * nfaces; i++) first[faces[i] + 2]++;
    for (Py_ssize_t p = 0; p < points; p++) first[p + 2] += first[p + 1];
    for (Py_ssize_t f = 0; f < nfaces; f++)
        for (int c = 0; c < 3; c++) around[first[faces[3 * f + c] + 1]++] = f;
    for (Py_ssize_t p = 0; p < points; p++) out[p] = -1;
    Py_ssize_t head = 0, tail = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        idx_t p = kept[k];
        if (p >= 0 && p < points && out[p] < 0) { out[p] = k; queue[tail++] = p; }
    }
    while (head < tail) {
        idx_t p = queue[head++];
        for (idx_t e = first[p]; e < first[p + 1]; e++) {
            const idx_t *corner = faces + 3 * around[e];
            for (int c = 0; c < 3; c++) {
                idx_t q = corner[c];
                if (out[q] < 0) { out[q] = out[p]; queue[tail++] = q; }
            }
        }
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    free(queue); free(first); free(around);
    PyBuffer_Release(&faces_b); PyBuffer_Release(&kept_b); PyBuffer_Release(&out_b);
    return result;
}

/* Barycentric coordinates of p's projection onto triangle (a, b, c), clamped inside. */
static void barycentric(const double *p, const double *a, const double *b, const double *c,
                        double *out) {
    double e0[3], e1[3], d[3];
    for (int k = 0; k < 3; k++) { e0[k] = b[k] - a[k]; e1[k] = c[k] - a[k]; d[k] = p[k] - a[k]; }
    double d00 = 0, d01 = 0, d11 = 0, d20 = 0, d21 = 0;
    for (int k = 0; k < 3; k++) {
        d00 += e0[k] * e0[k]; d01 += e0[k] * e1[k]; d11 += e1[k] * e1[k];
        d20 += d[k] * e0[k]; d21 += d[k] * e1[k];
    }
    double den = d00 * d11 - d01 * d01;
    if (den < 1e-30) den = 1e-30;
    double v = (d11 * d20 - d01 * d21) / den, w = (d00 * d21 - d01 * d20) / den;
    double u = 1.0 - v - w;
    if (u < 0) u = 0;
    if (v < 0) v = 0;
    if (w < 0) w = 0;
    double s = u + v + w;
    if (s < 1e-30) { u = v = w = 1.0 / 3.0; s = 1.0; }
    out[0] = u / s; out[1] = v / s; out[2] = w / s;
}

/* Inverse of a symmetric 3x3 matrix m (row-major) into inv; falls back to a scaled identity. */
static void invert3(const double *m, double *inv, double fallback) {
    double c00 = m[4] * m[8] - m[5] * m[7], c01 = m[5] * m[6] - m[3] * m[8];
    double c02 = m[3] * m[7] - m[4] * m[6];
    double det = m[0] * c00 + m[1] * c01 + m[2] * c02;
    if (!(fabs(det) > 1e-300)) {
        memset(inv, 0, 9 * sizeof(double));
        inv[0] = inv[4] = inv[8] = 1.0 / fallback;
        return;
    }
    inv[0] = c00 / det; inv[3] = c01 / det; inv[6] = c02 / det;
    inv[1] = (m[2] * m[7] - m[1] * m[8]) / det; inv[4] = (m[0] * m[8] - m[2] * m[6]) / det;
    inv[7] = (m[1] * m[6] - m[0] * m[7]) / det;
    inv[2] = (m[1] * m[5] - m[2] * m[4]) / det; inv[5] = (m[2] * m[3] - m[0] * m[5]) / det;
    inv[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

/* y = (J^T W J + pull) x, with J's rows given by the samples' faces, barycentrics, normals. */
static void apply(Py_ssize_t samples, Py_ssize_t count, const idx_t *face_of, const idx_t *faces,
                  const double *bary, const double *normal, const double *weight,
                  const double *pull, const double *x, double *y) {
    for (Py_ssize_t j = 0; j < count; j++)
        for (int k = 0; k < 3; k++) y[3 * j + k] = pull[j] * x[3 * j + k];
    for (Py_ssize_t i = 0; i < samples; i++) {
        const idx_t *corner = faces + 3 * face_of[i];
        const double *n = normal + 3 * i, *b = bary + 3 * i;
        double along = 0;
        for (int c = 0; c < 3; c++) {
            const double *v = x + 3 * corner[c];
            along += b[c] * (n[0] * v[0] + n[1] * v[1] + n[2] * v[2]);
        }
        along *= weight[i];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < 3; k++) y[3 * corner[c] + k] += b[c] * along * n[k];
    }
}

static void precondition(Py_ssize_t count, const double *inverse, const double *r, double *z) {
    for (Py_ssize_t j = 0; j < count; j++) {
        const double *m = inverse + 9 * j, *v = r + 3 * j;
        for (int k = 0; k < 3; k++) z[3 * j + k] = m[3 * k] * v[0] + m[3 * k + 1] * v[1] + m[3 * k + 2] * v[2];
    }
}

static double dot(Py_ssize_t n, const double *a, const double *b) {
    double s = 0;
    for (Py_ssize_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static int solve(Py_ssize_t samples, Py_ssize_t count, Py_ssize_t nfaces, const double *centre,
                 const double *normal, const double *weight, const idx_t *owner,
                 const idx_t *faces, const double *start, double *out, int iterations,
                 double pull_share, double max_shift) {
    int ok = 0;
    idx_t *first = calloc((size_t)count + 1, sizeof(idx_t));
    idx_t *around = malloc(sizeof(idx_t) * (size_t)(3 * nfaces + 1));
    idx_t *face_of = malloc(sizeof(idx_t) * (size_t)(samples + 1));
    double *bary = malloc(sizeof(double) * (size_t)(3 * samples + 1));
    double *centroid = malloc(sizeof(double) * (size_t)(3 * nfaces + 1));
    double *facing = malloc(sizeof(double) * (size_t)(3 * nfaces + 1));
    double *block = calloc((size_t)(9 * count + 1), sizeof(double));
    double *inverse = malloc(sizeof(double) * (size_t)(9 * count + 1));
    double *pull = calloc((size_t)count + 1, sizeof(double));
    double *work = calloc((size_t)(12 * count + 1), sizeof(double));
    if (!first || !around || !face_of || !bary || !centroid || !facing || !block || !inverse ||
        !pull || !work)
        goto done;
    double *shift = work, *r = work + 3 * count, *z = work + 6 * count, *p = work + 9 * count;

    /* Triangles around each vertex, and each triangle's centroid. */
    for (Py_ssize_t f = 0; f < nfaces; f++) {
        for (int c = 0; c < 3; c++) first[faces[3 * f + c] + 1]++;
        const double *a = start + 3 * faces[3 * f], *b = start + 3 * faces[3 * f + 1];
        const double *c = start + 3 * faces[3 * f + 2];
        double u[3], v[3];
        for (int k = 0; k < 3; k++) {
            centroid[3 * f + k] = (a[k] + b[k] + c[k]) / 3.0;
            u[k] = b[k] - a[k]; v[k] = c[k] - a[k];
        }
        double *n = facing + 3 * f;
        n[0] = u[1] * v[2] - u[2] * v[1]; n[1] = u[2] * v[0] - u[0] * v[2]; n[2] = u[0] * v[1] - u[1] * v[0];
        double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        for (int k = 0; k < 3; k++) n[k] = len > 0 ? n[k] / len : 0.0;
    }
    for (Py_ssize_t j = 0; j < count; j++) first[j + 1] += first[j];
    {
        idx_t *fill = malloc(sizeof(idx_t) * (size_t)(count + 1));
        if (!fill) goto done;
        memcpy(fill, first, sizeof(idx_t) * (size_t)count);
        for (Py_ssize_t f = 0; f < nfaces; f++)
            for (int c = 0; c < 3; c++) around[fill[faces[3 * f + c]]++] = f;
        free(fill);
    }

    /* Tie every sample to the nearest triangle around its owner; build the blocks. */
    for (Py_ssize_t i = 0; i < samples; i++) {
        idx_t o = owner[i], best = -1;
        double best_d = INFINITY;
        const double *s = centre + 3 * i, *sn = normal + 3 * i;
        for (idx_t e = first[o]; e < first[o + 1]; e++) {
            /* Only triangles facing the same way: the far side of a thin shell is not it. */
            const double *fn = facing + 3 * around[e];
            if (fn[0] * sn[0] + fn[1] * sn[1] + fn[2] * sn[2] < MIN_FACING) continue;
            const double *g = centroid + 3 * around[e];
            double dx = g[0] - s[0], dy = g[1] - s[1], dz = g[2] - s[2];
            double d = dx * dx + dy * dy + dz * dz;
            if (d < best_d) { best_d = d; best = around[e]; }
        }
        face_of[i] = best;
        if (best < 0) { bary[3 * i] = bary[3 * i + 1] = bary[3 * i + 2] = 0; continue; }
        const idx_t *corner = faces + 3 * best;
        barycentric(s, start + 3 * corner[0], start + 3 * corner[1], start + 3 * corner[2], bary + 3 * i);
        const double *n = normal + 3 * i;
        for (int c = 0; c < 3; c++) {
            double b = bary[3 * i + c], wb2 = weight[i] * b * b;
            double *m = block + 9 * corner[c];
            for (int a = 0; a < 3; a++)
                for (int k = 0; k < 3; k++) m[3 * a + k] += wb2 * n[a] * n[k];
            pull[corner[c]] += weight[i] * b;
        }
    }
    for (Py_ssize_t j = 0; j < count; j++) {
        pull[j] = pull_share * (pull[j] > 1e-30 ? pull[j] : 1e-30);
        double *m = block + 9 * j;
        m[0] += pull[j]; m[4] += pull[j]; m[8] += pull[j];
        invert3(m, inverse + 9 * j, pull[j]);
    }

    /* Right-hand side J^T W (goal - J start); samples without a triangle are left out. */
    for (Py_ssize_t i = 0; i < samples; i++) {
        if (face_of[i] < 0) continue;
        const idx_t *corner = faces + 3 * face_of[i];
        const double *n = normal + 3 * i, *b = bary + 3 * i, *s = centre + 3 * i;
        double along = n[0] * s[0] + n[1] * s[1] + n[2] * s[2];
        for (int c = 0; c < 3; c++) {
            const double *v = start + 3 * corner[c];
            along -= b[c] * (n[0] * v[0] + n[1] * v[1] + n[2] * v[2]);
        }
        along *= weight[i];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < 3; k++) r[3 * corner[c] + k] += b[c] * along * n[k];
    }
    /* Samples with no triangle must not enter apply(): give them a zero weight row. */
    double *w = malloc(sizeof(double) * (size_t)(samples + 1));
    if (!w) goto done;
    for (Py_ssize_t i = 0; i < samples; i++) {
        w[i] = face_of[i] < 0 ? 0.0 : weight[i];
        if (face_of[i] < 0) face_of[i] = 0;
    }
    Py_ssize_t n3 = 3 * count;
    precondition(count, inverse, r, z);
    memcpy(p, z, sizeof(double) * (size_t)n3);
    double rz = dot(n3, r, z);
    double *ap = block;  /* the blocks are inverted already; reuse their memory */
    for (int it = 0; it < iterations && rz > 0; it++) {
        apply(samples, count, face_of, faces, bary, normal, w, pull, p, ap);
        double pap = dot(n3, p, ap);
        if (!(pap > 0)) break;
        double alpha = rz / pap;
        for (Py_ssize_t k = 0; k < n3; k++) { shift[k] += alpha * p[k]; r[k] -= alpha * ap[k]; }
        precondition(count, inverse, r, z);
        double rz_next = dot(n3, r, z);
        double beta = rz_next / rz;
        for (Py_ssize_t k = 0; k < n3; k++) p[k] = z[k] + beta * p[k];
        rz = rz_next;
    }
    free(w);
    /* No vertex moves farther than max_shift mean edge lengths of the simplified surface. */
    double edges = 0;
    for (Py_ssize_t f = 0; f < nfaces; f++)
        for (int c = 0; c < 3; c++) {
            const double *u = start + 3 * faces[3 * f + c], *v = start + 3 * faces[3 * f + (c + 1) % 3];
            double dx = u[0] - v[0], dy = u[1] - v[1], dz = u[2] - v[2];
            edges += sqrt(dx * dx + dy * dy + dz * dz);
        }
    max_shift *= nfaces > 0 ? edges / (3.0 * (double)nfaces) : 0.0;
    for (Py_ssize_t j = 0; j < count; j++) {
        double *d = shift + 3 * j;
        double len = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        double scale = len > max_shift ? max_shift / len : 1.0;
        for (int k = 0; k < 3; k++) out[3 * j + k] = start[3 * j + k] + scale * d[k];
    }
    ok = 1;
done:
    free(first); free(around); free(face_of); free(bary); free(centroid); free(facing);
    free(block); free(inverse); free(pull); free(work);
    return ok;
}

static PyObject *fit(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer centre_b, normal_b, weight_b, owner_b, faces_b, start_b, out_b;
    int iterations;
    double pull, max_shift;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*w*idd", &centre_b, &normal_b, &weight_b, &owner_b,
                          &faces_b, &start_b, &out_b, &iterations, &pull, &max_shift))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t samples = weight_b.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t count = start_b.len / (Py_ssize_t)(3 * sizeof(double));
    Py_ssize_t nfaces = faces_b.len / (Py_ssize_t)(3 * sizeof(idx_t));
    if (centre_b.len != samples * 3 * (Py_ssize_t)sizeof(double) || normal_b.len != centre_b.len ||
        owner_b.len != samples * (Py_ssize_t)sizeof(idx_t) || out_b.len != start_b.len) {
        PyErr_SetString(PyExc_ValueError, "fit: buffer sizes do not agree");
        goto done;
    }
    const idx_t *owner = owner_b.buf, *faces = faces_b.buf;
    for (Py_ssize_t i = 0; i < samples; i++)
        if (owner[i] < 0 || owner[i] >= count) {
            PyErr_SetString(PyExc_ValueError, "fit: an owner is out of range");
            goto done;
        }
    for (Py_ssize_t i = 0; i < 3 * nfaces; i++)
        if (faces[i] < 0 || faces[i] >= count) {
            PyErr_SetString(PyExc_ValueError, "fit: a face index is out of range");
            goto done;
        }
    int ok;
    Py_BEGIN_ALLOW_THREADS
    ok = solve(samples, count, nfaces, centre_b.buf, normal_b.buf, weight_b.buf, owner, faces,
               start_b.buf, out_b.buf, iterations, pull, max_shift);
    Py_END_ALLOW_THREADS
    if (!ok) { PyErr_NoMemory(); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&centre_b); PyBuffer_Release(&normal_b); PyBuffer_Release(&weight_b);
    PyBuffer_Release(&owner_b); PyBuffer_Release(&faces_b); PyBuffer_Release(&start_b);
    PyBuffer_Release(&out_b);
    return result;
}

static PyObject *samples(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer points_b, corners_b, owner_b, centre_b, normal_b, weight_b, sample_owner_b;
    if (!PyArg_ParseTuple(args, "y*y*y*w*w*w*w*", &points_b, &corners_b, &owner_b, &centre_b,
                          &normal_b, &weight_b, &sample_owner_b))
        return NULL;
    PyObject *result = NULL;
    const double *points = points_b.buf;
    const idx_t *corners = corners_b.buf, *owner = owner_b.buf;
    double *centre = centre_b.buf, *normal = normal_b.buf, *weight = weight_b.buf;
    idx_t *sample_owner = sample_owner_b.buf;
    Py_ssize_t npoints = points_b.len / (Py_ssize_t)(3 * sizeof(double));
    Py_ssize_t nfaces = corners_b.len / (Py_ssize_t)(3 * sizeof(idx_t));
    if (owner_b.len != npoints * (Py_ssize_t)sizeof(idx_t) ||
        weight_b.len != nfaces * (Py_ssize_t)sizeof(double) ||
        centre_b.len != 3 * weight_b.len || normal_b.len != centre_b.len ||
        sample_owner_b.len != nfaces * (Py_ssize_t)sizeof(idx_t)) {
        PyErr_SetString(PyExc_ValueError, "samples: buffer sizes do not agree");
        goto done;
    }
    for (Py_ssize_t i = 0; i < 3 * nfaces; i++)
        if (corners[i] < 0 || corners[i] >= npoints) {
            PyErr_SetString(PyExc_ValueError, "samples: a corner is out of range");
            goto done;
        }
    Py_ssize_t used = 0;
    Py_BEGIN_ALLOW_THREADS
    /* One sample per triangle of area: its centroid, unit normal and area, owned by the
       owner of its first corner (triangles of pieces that lost every vertex are left out). */
    for (Py_ssize_t f = 0; f < nfaces; f++) {
        idx_t o = owner[corners[3 * f]];
        if (o < 0) continue;
        const double *a = points + 3 * corners[3 * f], *b = points + 3 * corners[3 * f + 1];
        const double *c = points + 3 * corners[3 * f + 2];
        double u[3], v[3], n[3];
        for (int k = 0; k < 3; k++) { u[k] = b[k] - a[k]; v[k] = c[k] - a[k]; }
        n[0] = u[1] * v[2] - u[2] * v[1]; n[1] = u[2] * v[0] - u[0] * v[2]; n[2] = u[0] * v[1] - u[1] * v[0];
        double twice = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (!(twice > 0)) continue;
        for (int k = 0; k < 3; k++) {
            centre[3 * used + k] = (a[k] + b[k] + c[k]) / 3.0;
            normal[3 * used + k] = n[k] / twice;
        }
        weight[used] = twice / 2.0;
        sample_owner[used] = o;
        used++;
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(used);
done:
    PyBuffer_Release(&points_b); PyBuffer_Release(&corners_b); PyBuffer_Release(&owner_b);
    PyBuffer_Release(&centre_b); PyBuffer_Release(&normal_b); PyBuffer_Release(&weight_b);
    PyBuffer_Release(&sample_owner_b);
    return result;
}

static PyObject *weld(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer bits_b, id_b, first_b;
    if (!PyArg_ParseTuple(args, "y*w*w*", &bits_b, &id_b, &first_b)) return NULL;
    PyObject *result = NULL;
    const uint32_t *bits = bits_b.buf;
    idx_t *id = id_b.buf, *first = first_b.buf;
    Py_ssize_t n = bits_b.len / (Py_ssize_t)(3 * sizeof(uint32_t));
    idx_t *table = NULL;
    if (id_b.len != n * (Py_ssize_t)sizeof(idx_t) || first_b.len != id_b.len) {
        PyErr_SetString(PyExc_ValueError, "weld: buffer sizes do not agree");
        goto done;
    }
    size_t size = 16;
    while (size < 2 * (size_t)n) size <<= 1;
    table = malloc(sizeof(idx_t) * size);
    if (!table) { PyErr_NoMemory(); goto done; }
    Py_ssize_t count = 0;
    Py_BEGIN_ALLOW_THREADS
    /* Open addressing on the three coordinates' bit patterns; ids in order of first use. */
    for (size_t k = 0; k < size; k++) table[k] = -1;
    for (Py_ssize_t v = 0; v < n; v++) {
        const uint32_t *key = bits + 3 * v;
        uint64_t h = key[0] * 0x9E3779B97F4A7C15ULL;
        h ^= (h >> 29) + key[1] * 0xBF58476D1CE4E5B9ULL;
        h ^= (h >> 31) + key[2] * 0x94D049BB133111EBULL;
        h ^= h >> 32;
        size_t slot = (size_t)h & (size - 1);
        for (;;) {
            idx_t vertex = table[slot];
            if (vertex < 0) {
                table[slot] = v;
                first[count] = v;
                id[v] = count++;
                break;
            }
            const uint32_t *other = bits + 3 * vertex;
            if (other[0] == key[0] && other[1] == key[1] && other[2] == key[2]) {
                id[v] = id[vertex];
                break;
            }
            slot = (slot + 1) & (size - 1);
        }
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(count);
done:
    free(table);
    PyBuffer_Release(&bits_b); PyBuffer_Release(&id_b); PyBuffer_Release(&first_b);
    return result;
}

static PyMethodDef methods[] = {
    {"owners", owners, METH_VARARGS, "Multi-source breadth-first search over the triangles."},
    {"weld", weld, METH_VARARGS, "Group vertices by exact position."},
    {"samples", samples, METH_VARARGS, "Surface samples (centroid, normal, area, owner)."},
    {"fit", fit, METH_VARARGS, "Least-squares fit of simplified vertices to surface samples."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_surface_fit", NULL, -1, methods};

PyMODINIT_FUNC PyInit__surface_fit(void) { return PyModule_Create(&module); }
