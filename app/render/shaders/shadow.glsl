// The key light's shadow, filtered 3x3 (p3d_LightSource[0] must be declared first).

float shadow_at(vec3 view_pos) {
    vec4 sp = p3d_LightSource[0].shadowViewMatrix * vec4(view_pos, 1.0);
    vec3 coord = sp.xyz / sp.w;
    coord.z -= 0.0015;
    float texel = 1.0 / float(SHADOW_TEXELS);
    float sum = 0.0;
    for (int x = -1; x <= 1; ++x) {
        for (int y = -1; y <= 1; ++y) {
            sum += texture(p3d_LightSource[0].shadowMap, coord + vec3(x, y, 0) * texel * 1.5);
        }
    }
    // In a large hall the map covers the part in front of the visitor: beyond it, lit,
    // fading in over its outer tenth so no edge shows.
    vec2 edge = min(coord.xy, 1.0 - coord.xy);
    float inside = smoothstep(0.0, 0.1, min(edge.x, edge.y));
    return mix(1.0, sum / 9.0, inside);
}
