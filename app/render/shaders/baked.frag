#version 330
// The hall's static surfaces, lit by baked light: albedo / pi times the irradiance stored in
// the lightmap (times the vertex's), whose alpha is the key light's share; with SHADOWS the
// live shadow map (of the exhibits and the guide) takes that share away where they shade.
const float PI = 3.14159265;

uniform struct p3d_MaterialParameters {
    vec4 baseColor;
} p3d_Material;

#ifdef SHADOWS
uniform struct p3d_LightSourceParameters {
    sampler2DShadow shadowMap;
    mat4 shadowViewMatrix;
} p3d_LightSource[1];
#endif

uniform vec4 p3d_ColorScale;
uniform sampler2D p3d_Texture0;       // colour (sRGB)
uniform sampler2D vitrine_lightmap;   // irradiance (RGB) and the key light's share (A)
uniform float vitrine_exposure;

in vec3 v_position;
in vec4 v_light;
in vec2 v_uv;
in vec2 v_lm;

out vec4 o_color;

void main() {
    vec4 base = p3d_Material.baseColor * p3d_ColorScale * texture(p3d_Texture0, v_uv);
    vec4 light = texture(vitrine_lightmap, v_lm) * v_light;
    vec3 irradiance = light.rgb;
#ifdef SHADOWS
    irradiance *= 1.0 - light.a * (1.0 - shadow_at(v_position));
#endif
    vec3 color = to_linear(base.rgb) / PI * irradiance * vitrine_exposure;
    o_color = vec4(finish(color), base.a);
}
