// The sRGB curve and tone mapping, shared by Vitrine's shaders.

vec3 to_linear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

vec3 to_srgb(vec3 c) {
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

// Khronos PBR Neutral: base colours stay as they are up to a bright peak, then roll off.
vec3 pbr_neutral(vec3 color) {
    const float start = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < start) return color;
    const float d = 1.0 - start;
    float new_peak = 1.0 - d * d / (peak + d - start);
    color *= new_peak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
    return mix(color, vec3(new_peak), g);
}

vec3 aces(vec3 color) {
    return (color * (2.51 * color + 0.03)) / (color * (2.43 * color + 0.59) + 0.14);
}

// Exposed linear light to the display: tone mapped (PBR Neutral, or ACES with TONEMAP_ACES)
// and sRGB encoded; LINEAR_OUTPUT leaves it linear (for measurements).
vec3 finish(vec3 color) {
#ifdef LINEAR_OUTPUT
    return color;
#else
#ifdef TONEMAP_ACES
    color = aces(color);
#else
    color = pbr_neutral(color);
#endif
    return to_srgb(clamp(color, 0.0, 1.0));
#endif
}
