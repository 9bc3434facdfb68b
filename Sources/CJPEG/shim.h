#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/* libjpeg reports fatal errors through error_exit, which by default calls exit(). Swift cannot
 * unwind through C, so decoding runs here, inside C, with a setjmp/longjmp error handler that
 * turns every libjpeg error into a return code and a message. */

struct metorigin_jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void metorigin_jpeg_error_exit(j_common_ptr cinfo) {
    struct metorigin_jpeg_error *err = (struct metorigin_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

/* Warnings (level -1) signal corrupt data such as a premature end of file: count and keep them. */
static void metorigin_jpeg_silence(j_common_ptr cinfo, int level) {
    if (level < 0) {
        struct metorigin_jpeg_error *err = (struct metorigin_jpeg_error *)cinfo->err;
        cinfo->err->num_warnings++;
        (*cinfo->err->format_message)(cinfo, err->message);
    }
}

/* Routes libjpeg's errors and warnings to our handlers (setjmp stays in the caller). */
static inline void metorigin_jpeg_prepare(struct jpeg_decompress_struct *cinfo, struct metorigin_jpeg_error *err) {
    memset(cinfo, 0, sizeof *cinfo);
    cinfo->err = jpeg_std_error(&err->base);
    err->base.error_exit = metorigin_jpeg_error_exit;
    err->base.emit_message = metorigin_jpeg_silence;
    err->message[0] = 0;
}

/* Decodes an 8-bit JPEG into `out` (width × height × components bytes, interleaved) and reports
 * its size. When `keep_ycbcr` is set, colour JPEGs are returned in their coded colour space (no
 * conversion). Returns 0 on success. */
static inline int metorigin_jpeg_decode8(const unsigned char *data, size_t size, unsigned char *out, size_t out_size,
                                         int keep_ycbcr, int *width, int *height, int *components,
                                         char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    struct metorigin_jpeg_error err;
    metorigin_jpeg_prepare(&cinfo, &err);
    if (setjmp(err.jump)) {
        snprintf(message, message_size, "%s", err.message);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.data_precision != 8) {
        snprintf(message, message_size, "%d-bit samples need a 12-bit capable libjpeg", cinfo.data_precision);
        jpeg_destroy_decompress(&cinfo);
        return 2;
    }
    if (keep_ycbcr && cinfo.num_components == 3) cinfo.out_color_space = cinfo.jpeg_color_space;  /* no conversion */
    jpeg_start_decompress(&cinfo);
    *width = (int)cinfo.output_width;
    *height = (int)cinfo.output_height;
    *components = cinfo.output_components;
    size_t stride = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    if (stride * (size_t)cinfo.output_height > out_size) {
        snprintf(message, message_size, "decoded image (%ux%ux%d) larger than the buffer", cinfo.output_width,
                 cinfo.output_height, cinfo.output_components);
        jpeg_destroy_decompress(&cinfo);
        return 3;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out + (size_t)cinfo.output_scanline * stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    if (err.base.num_warnings > 0) {
        snprintf(message, message_size, "corrupt data: %s", err.message);
        jpeg_destroy_decompress(&cinfo);
        return 4;
    }
    jpeg_destroy_decompress(&cinfo);
    return 0;
}
