#version 330
// Fast approximate anti-aliasing of the finished view, for drivers where multisampling costs
// too much (software rendering): where the luma changes sharply, the pixel is blended with its
// neighbour across the edge, more where the edge runs close to the pixel's middle (judged from
// its eight neighbours), so stair steps become ramps while flat areas and text stay sharp.
uniform sampler2D view;
out vec4 o_color;

float luma(vec3 c) { return dot(c, vec3(0.299, 0.587, 0.114)); }

void main() {
    vec2 size = vec2(textureSize(view, 0));
    vec2 texel = 1.0 / size;
    vec2 uv = gl_FragCoord.xy * texel;
    vec3 centre = texture(view, uv).rgb;
    float m = luma(centre);
    float n = luma(textureOffset(view, uv, ivec2(0, 1)).rgb);
    float s = luma(textureOffset(view, uv, ivec2(0, -1)).rgb);
    float e = luma(textureOffset(view, uv, ivec2(1, 0)).rgb);
    float w = luma(textureOffset(view, uv, ivec2(-1, 0)).rgb);
    float highest = max(max(max(n, s), max(e, w)), m);
    float lowest = min(min(min(n, s), min(e, w)), m);
    float range = highest - lowest;
    if (range < max(0.05, highest * 0.125)) {
        o_color = vec4(centre, 1.0);
        return;
    }
    float ne = luma(textureOffset(view, uv, ivec2(1, 1)).rgb);
    float nw = luma(textureOffset(view, uv, ivec2(-1, 1)).rgb);
    float se = luma(textureOffset(view, uv, ivec2(1, -1)).rgb);
    float sw = luma(textureOffset(view, uv, ivec2(-1, -1)).rgb);
    float across_rows = abs(n + s - 2.0 * m) * 2.0 + abs(ne + se - 2.0 * e) + abs(nw + sw - 2.0 * w);
    float across_cols = abs(e + w - 2.0 * m) * 2.0 + abs(ne + nw - 2.0 * n) + abs(se + sw - 2.0 * s);
    bool horizontal = across_rows >= across_cols;  // the edge runs along a row
    float before = horizontal ? s : w;
    float after = horizontal ? n : e;
    vec2 step = horizontal ? vec2(0.0, texel.y) : vec2(texel.x, 0.0);
    if (abs(before - m) >= abs(after - m)) step = -step;
    float average = (2.0 * (n + s + e + w) + ne + nw + se + sw) / 12.0;
    float sub = clamp(abs(average - m) / range, 0.0, 1.0);
    sub = smoothstep(0.0, 1.0, sub);
    float amount = max(sub * sub * 0.85, 0.35);
    vec3 other = texture(view, uv + step).rgb;
    o_color = vec4(mix(centre, other, amount * 0.5 + 0.0), 1.0);
}
