// iris: classifies iris flowers with a small neural network (4 inputs, 8 ReLU units, 3 outputs) whose
// parameters sdk/scripts/train-iris.mjs trained on the iris data set (model.h). A WASI preview 1 program:
// one flower per stdin line, "sepal_length,sepal_width,petal_length,petal_width" in cm (commas or
// whitespace between the numbers); one line out per flower: the class and the three logits, printed with
// 17 significant digits so every double is exact (a verifier can recompute them bit for bit).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static int fail(const char *message, long line) {
    fprintf(stderr, "iris: line %ld: %s\n", line, message);
    return 2;
}

// Parses exactly four numbers separated by commas and/or blanks; 0 on anything else.
static int parse(const char *text, double out[4]) {
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        while (*p == ' ' || *p == '\t' || (i > 0 && *p == ',')) p++;
        char *end;
        out[i] = strtod(p, &end);
        if (end == p) return 0;
        p = end;
    }
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return *p == '\0';
}

// The forward pass, in the order of operations the JS reference (and train-iris.mjs) uses.
static int classify(const double features[4], double logits[3]) {
    double z[4], hidden[HIDDEN];
    for (int i = 0; i < 4; i++) z[i] = (features[i] - MEAN[i]) / STD[i];
    for (int j = 0; j < HIDDEN; j++) {
        double h = B1[j];
        for (int i = 0; i < 4; i++) h += W1[j][i] * z[i];
        hidden[j] = h > 0 ? h : 0;
    }
    int best = 0;
    for (int k = 0; k < 3; k++) {
        double l = B2[k];
        for (int j = 0; j < HIDDEN; j++) l += W2[k][j] * hidden[j];
        logits[k] = l;
        if (l > logits[best]) best = k;
    }
    return best;
}

int main(void) {
    char line[256];
    long number = 0;
    while (fgets(line, sizeof line, stdin)) {
        number++;
        if (strchr(line, '\n') == NULL && !feof(stdin)) return fail("longer than 255 bytes", number);
        if (strspn(line, " \t\r\n") == strlen(line)) continue;  // blank lines are skipped
        double features[4], logits[3];
        if (!parse(line, features)) return fail("expected four numbers", number);
        int k = classify(features, logits);
        printf("%s %.17g %.17g %.17g\n", CLASSES[k], logits[0], logits[1], logits[2]);
    }
    return 0;
}
