#ifndef BCF_PDF_H
#define BCF_PDF_H
/* bcfgen pdf: a quarter's board pack (its print.html) as an accessible,
 * tagged PDF, printed by headless Chromium from a site built for the
 * purpose in a private temporary folder. */

/* The command, from its own arguments (argv[1] is "pdf"): builds, prints,
 * and writes the PDF atomically.  Returns the exit status: 0 written, 1
 * bad input, 2 usage error, 3 I/O or other failure, Chromium missing,
 * failing or timed out. */
int pdf_main(int argc, char **argv);

#endif
