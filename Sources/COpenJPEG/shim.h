#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <openjpeg-2.5/openjpeg.h>

/* Decodes a JPEG 2000 codestream (J2K) or JP2 file from memory with OpenJPEG. The memory stream
 * callbacks live here in C so Swift only sees one call. */

struct metorigin_opj_buffer {
    const uint8_t *data;
    size_t size;
    size_t offset;
};

static OPJ_SIZE_T metorigin_opj_read(void *dst, OPJ_SIZE_T n, void *user) {
    struct metorigin_opj_buffer *b = (struct metorigin_opj_buffer *)user;
    if (b->offset >= b->size) return (OPJ_SIZE_T)-1;
    size_t left = b->size - b->offset;
    if (n > left) n = left;
    memcpy(dst, b->data + b->offset, n);
    b->offset += n;
    return n;
}

static OPJ_OFF_T metorigin_opj_skip(OPJ_OFF_T n, void *user) {
    struct metorigin_opj_buffer *b = (struct metorigin_opj_buffer *)user;
    if (n < 0) { if ((size_t)(-n) > b->offset) n = -(OPJ_OFF_T)b->offset; }
    else if ((size_t)n > b->size - b->offset) n = (OPJ_OFF_T)(b->size - b->offset);
    b->offset += n;
    return n;
}

static OPJ_BOOL metorigin_opj_seek(OPJ_OFF_T n, void *user) {
    struct metorigin_opj_buffer *b = (struct metorigin_opj_buffer *)user;
    if (n < 0 || (size_t)n > b->size) return OPJ_FALSE;
    b->offset = (size_t)n;
    return OPJ_TRUE;
}

static void metorigin_opj_quiet(const char *msg, void *user) { (void)msg; (void)user; }

static void metorigin_opj_keep_error(const char *msg, void *user) {
    char *out = (char *)user;
    if (out[0] == 0) { snprintf(out, 256, "%s", msg); size_t l = strlen(out); if (l && out[l - 1] == '\n') out[l - 1] = 0; }
}

/* Decodes into `out` (int32, components interleaved), which must hold `max_samples`. Reports the
 * geometry, precision and signedness of component 0. Returns 0 on success. `message` must hold
 * 256 bytes. */
static inline int metorigin_j2k_decode(const uint8_t *data, size_t size, int32_t *out, size_t max_samples,
                                       int *width, int *height, int *components, int *precision,
                                       int *is_signed, char *message) {
    message[0] = 0;
    OPJ_CODEC_FORMAT format = OPJ_CODEC_J2K;
    if (size >= 12 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 0x0C && data[4] == 0x6A) format = OPJ_CODEC_JP2;
    opj_codec_t *codec = opj_create_decompress(format);
    if (!codec) { snprintf(message, 256, "cannot create decoder"); return 1; }
    opj_set_info_handler(codec, metorigin_opj_quiet, NULL);
    opj_set_warning_handler(codec, metorigin_opj_quiet, NULL);
    opj_set_error_handler(codec, metorigin_opj_keep_error, message);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec, &params)) { opj_destroy_codec(codec); if (!message[0]) snprintf(message, 256, "setup failed"); return 1; }
    struct metorigin_opj_buffer buf = { data, size, 0 };
    opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_TRUE);
    opj_stream_set_user_data(stream, &buf, NULL);
    opj_stream_set_user_data_length(stream, size);
    opj_stream_set_read_function(stream, metorigin_opj_read);
    opj_stream_set_skip_function(stream, metorigin_opj_skip);
    opj_stream_set_seek_function(stream, metorigin_opj_seek);
    opj_image_t *image = NULL;
    int rc = 0;
    if (!opj_read_header(stream, codec, &image) || !opj_decode(codec, stream, image) || !opj_end_decompress(codec, stream)) {
        if (!message[0]) snprintf(message, 256, "corrupt or truncated codestream");
        rc = 1;
    }
    if (rc == 0) {
        unsigned n = image->numcomps;
        if (n == 0 || n > 4) { snprintf(message, 256, "%u components", n); rc = 1; }
        else {
            unsigned w = image->comps[0].w, h = image->comps[0].h;
            for (unsigned c = 0; c < n; c++) {
                if (image->comps[c].w != w || image->comps[c].h != h || !image->comps[c].data) {
                    snprintf(message, 256, "subsampled components are not supported"); rc = 1; break;
                }
            }
            if (rc == 0 && (size_t)w * h * n > max_samples) {
                snprintf(message, 256, "decoded %ux%ux%u exceeds the image size", w, h, n); rc = 1;
            }
            if (rc == 0) {
                for (size_t i = 0; i < (size_t)w * h; i++)
                    for (unsigned c = 0; c < n; c++) out[i * n + c] = image->comps[c].data[i];
                *width = (int)w; *height = (int)h; *components = (int)n;
                *precision = (int)image->comps[0].prec; *is_signed = (int)image->comps[0].sgnd;
            }
        }
    }
    if (image) opj_image_destroy(image);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    return rc;
}
