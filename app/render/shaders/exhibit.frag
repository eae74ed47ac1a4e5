#version 330
// Vitrine's lit surface shader: metallic-roughness shading with a shadowed key light,
// spotlights, a gallery-like environment for reflections, and filmic tone mapping.
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
uniform float vitrine_normal_map;    // 1 when the mesh has tangents and a normal map
uniform float vitrine_shadow_light;   // 1 when light 0 casts shadows
uniform float vitrine_alpha_cutoff;   // glTF alpha MASK: texels below it are not drawn

in vec3 v_position;
in vec3 v_normal;
in vec4 v_color;
in vec2 v_uv;
in vec4 v_tangent;

out vec4 o_color;

vec3 to_linear(vec3 c) { return c * c; }  // gamma 2.0: close to sRGB, far cheaper

// A soft gallery around every object: bright ceiling, pale walls, warm floor.
vec3 environment(vec3 dir_world, float rough) {
    float up = dir_world.z;
    vec3 ceiling = vec3(1.05, 1.03, 1.0);
    vec3 wall = vec3(0.62, 0.6, 0.57);
    vec3 floor_col = vec3(0.32, 0.26, 0.2);
    vec3 c = up > 0.0 ? mix(wall, ceiling, smoothstep(0.0, 0.7 + rough * 0.3, up))
                      : mix(wall, floor_col, smoothstep(0.0, 0.4 + rough * 0.4, -up));
    // A bright ceiling band that reads as a reflection on polished metal.
    float band = smoothstep(0.55, 0.7, up) * (1.0 - smoothstep(0.8, 0.95, up));
    return c + band * (1.0 - rough) * 0.8;
}

float shadow_at(vec3 view_pos) {
    vec4 sp = p3d_LightSource[0].shadowViewMatrix * vec4(view_pos, 1.0);
    vec3 coord = sp.xyz / sp.w;
    coord.z -= 0.0015;
    float texel = 1.0 / 2048.0;
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
        if (i == 0 && vitrine_shadow_light > 0.5) fall *= mix(0.25, 1.0, shadow_at(v_position));
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
    vec3 ambient = p3d_LightModel.ambient.rgb;
    vec3 fresnel = f0 + (max(vec3(1.0 - rough), f0) - f0) * pow(1.0 - n_dot_v, 5.0);
    color += diffuse * ambient * environment(n_world, 1.0) * 1.6;
    color += fresnel * environment(r_world, rough) * ambient * 1.8 * (1.0 - rough * 0.6);
    color += to_linear(p3d_Material.emission.rgb * texture(p3d_Texture3, v_uv).rgb) * 2.0;

    // Filmic tone mapping (ACES fit) and display gamma.
    color = (color * (2.51 * color + 0.03)) / (color * (2.43 * color + 0.59) + 0.14);
    o_color = vec4(sqrt(clamp(color, 0.0, 1.0)), base.a);
}
