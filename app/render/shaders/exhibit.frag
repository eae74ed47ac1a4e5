#version 330
// Vitrine's lit surface shader: metallic-roughness shading with a shadowed key light,
// spotlights and image-based lighting (a prefiltered environment, its irradiance as spherical
// harmonics, a split-sum BRDF table with multiple-scattering compensation), glTF occlusion,
// then exposure, Khronos PBR Neutral tone mapping (ACES with TONEMAP_ACES) and the sRGB curve.
// Variants are compiled by defines put after the version line: SHADOWS (the key light's
// shadow map is read), TONEMAP_ACES, LINEAR_OUTPUT (no tone mapping: for measurements);
// colour.glsl (the sRGB curve and tone mapping) and shadow.glsl are put in before main.
const int MAX_LIGHTS = 4;
const float PI = 3.14159265;

uniform struct p3d_MaterialParameters {
    vec4 baseColor;
    vec4 emission;
    float roughness;
    float metallic;
} p3d_Material;

uniform struct p3d_LightSourceParameters {
    vec4 color;
    vec4 position;
    vec3 spotDirection;
    float spotCosCutoff;
    float spotExponent;
    vec3 attenuation;
    sampler2DShadow shadowMap;
    mat4 shadowViewMatrix;
} p3d_LightSource[MAX_LIGHTS];

uniform struct p3d_LightModelParameters {
    vec4 ambient;
} p3d_LightModel;

uniform mat4 p3d_ViewMatrixInverse;
uniform vec4 p3d_ColorScale;
uniform sampler2D p3d_Texture0;      // base colour (sRGB)
uniform sampler2D p3d_Texture1;      // metallic (B) and roughness (G), linear
uniform sampler2D p3d_Texture2;      // tangent-space normal map, linear
uniform sampler2D p3d_Texture3;      // emission (sRGB)
uniform sampler2D p3d_Texture4;      // ambient occlusion (R), linear
uniform float vitrine_normal_map;    // 1 when the mesh has tangents and a normal map
uniform float vitrine_alpha_cutoff;   // glTF alpha MASK: texels below it are not drawn
uniform sampler2D vitrine_env;       // equirectangular radiance, one mip level per roughness
uniform sampler2D vitrine_brdf;      // split-sum scale (R) and bias (G) by n.v and roughness
uniform vec3 vitrine_sh[9];          // irradiance as spherical harmonics
uniform float vitrine_env_levels;    // the mip level of roughness 1
uniform float vitrine_env_strength;  // how strongly the environment lights
uniform float vitrine_exposure;

in vec3 v_position;
in vec3 v_normal;
in vec4 v_color;
in vec2 v_uv;
in vec4 v_tangent;

out vec4 o_color;

// Directions to the equirectangular map: u once round the horizon (0.5 along +y), v = 1 up.
vec2 equirect(vec3 d) {
    float u = atan(d.x, d.y) / (2.0 * PI) + 0.5;
    float v = 1.0 - acos(clamp(d.z, -1.0, 1.0)) / PI;
    return vec2(u, v);
}

vec3 irradiance(vec3 n) {
    return max(vitrine_sh[0] * 0.282095
        + vitrine_sh[1] * 0.488603 * n.y + vitrine_sh[2] * 0.488603 * n.z
        + vitrine_sh[3] * 0.488603 * n.x
        + vitrine_sh[4] * 1.092548 * n.x * n.y + vitrine_sh[5] * 1.092548 * n.y * n.z
        + vitrine_sh[6] * 0.315392 * (3.0 * n.z * n.z - 1.0)
        + vitrine_sh[7] * 1.092548 * n.x * n.z
        + vitrine_sh[8] * 0.546274 * (n.x * n.x - n.y * n.y), vec3(0.0));
}

void main() {
    vec4 tex = texture(p3d_Texture0, v_uv);
    vec4 base = p3d_Material.baseColor * v_color * p3d_ColorScale * tex;
    if (base.a < vitrine_alpha_cutoff) discard;
    vec3 albedo = to_linear(base.rgb);
    vec4 mr = texture(p3d_Texture1, v_uv);
    float metal = clamp(p3d_Material.metallic * mr.b, 0.0, 1.0);
    float rough = clamp(p3d_Material.roughness * mr.g, 0.05, 1.0);
    vec3 n = normalize(v_normal);
    vec3 v = normalize(-v_position);
    if (!gl_FrontFacing) n = -n;
    if (vitrine_normal_map > 0.5) {
        vec3 t = normalize(v_tangent.xyz - n * dot(n, v_tangent.xyz));
        vec3 b = cross(n, t) * (v_tangent.w < 0.0 ? -1.0 : 1.0);
        vec3 m = texture(p3d_Texture2, v_uv).xyz * 2.0 - 1.0;
        n = normalize(t * m.x + b * m.y + n * max(m.z, 0.05));
    }
    vec3 f0 = mix(vec3(0.04), albedo, metal);
    vec3 diffuse = albedo * (1.0 - metal);
    float a2 = rough * rough * rough * rough;
    float n_dot_v = max(dot(n, v), 1e-4);

    vec3 color = vec3(0.0);
    for (int i = 0; i < MAX_LIGHTS; ++i) {
        vec3 light = p3d_LightSource[i].color.rgb;
        if (dot(light, light) < 1e-5) continue;
        vec4 lp = p3d_LightSource[i].position;
        vec3 to_light = lp.xyz - v_position * lp.w;
        float dist = length(to_light);
        vec3 l = to_light / max(dist, 1e-5);
        float n_dot_l = max(dot(n, l), 0.0);
        if (n_dot_l <= 0.0) continue;
        vec3 att = p3d_LightSource[i].attenuation;
        float fall = lp.w > 0.0 ? 1.0 / (att.x + att.y * dist + att.z * dist * dist) : 1.0;
        float cut = p3d_LightSource[i].spotCosCutoff;
        if (cut > 0.0) {
            float c = dot(normalize(p3d_LightSource[i].spotDirection), -l);
            fall *= smoothstep(cut, mix(cut, 1.0, 0.45), c);
        }
#ifdef SHADOWS
        if (i == 0) fall *= mix(0.1, 1.0, shadow_at(v_position));
#endif
        vec3 h = normalize(l + v);
        float n_dot_h = max(dot(n, h), 0.0);
        float d = a2 / (PI * pow(n_dot_h * n_dot_h * (a2 - 1.0) + 1.0, 2.0));
        float k = (rough + 1.0) * (rough + 1.0) / 8.0;
        float g = (n_dot_v / (n_dot_v * (1.0 - k) + k)) * (n_dot_l / (n_dot_l * (1.0 - k) + k));
        vec3 f = f0 + (1.0 - f0) * pow(1.0 - max(dot(h, v), 0.0), 5.0);
        vec3 spec = d * g * f / (4.0 * n_dot_v * n_dot_l + 1e-4);
        color += (diffuse / PI * (1.0 - f) + spec) * light * n_dot_l * fall * PI;
    }
    mat3 to_world = mat3(p3d_ViewMatrixInverse);
    vec3 n_world = normalize(to_world * n);
    vec3 r_world = normalize(to_world * reflect(-v, n));
    float ao = texture(p3d_Texture4, v_uv).r;
    vec2 split = texture(vitrine_brdf, vec2(n_dot_v, rough)).rg;
    vec3 single = f0 * split.x + split.y;
    vec3 multiple = 1.0 + f0 * (1.0 / max(split.x + split.y, 1e-3) - 1.0);
    vec3 prefiltered = textureLod(vitrine_env, equirect(r_world), rough * vitrine_env_levels).rgb;
    vec3 env_diffuse = diffuse * irradiance(n_world) / PI * (1.0 - single);
    color += (env_diffuse + prefiltered * single * multiple) * ao * vitrine_env_strength;
    color += p3d_Material.emission.rgb * to_linear(texture(p3d_Texture3, v_uv).rgb);
    color *= vitrine_exposure;

    o_color = vec4(finish(color), base.a);
}
