#version 330
// The hall's static surfaces: their colour texture, and the light baked for them (a lightmap
// laid over the surface by its world position, or light kept in the vertex colour).
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat4 p3d_ModelMatrix;
uniform vec3 vitrine_lm_origin;  // the lightmap's corner, in the hall
uniform vec3 vitrine_lm_u;       // its edges, divided by their squared length
uniform vec3 vitrine_lm_v;

in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec2 p3d_MultiTexCoord0;

out vec3 v_position;
out vec4 v_light;
out vec2 v_uv;
out vec2 v_lm;

void main() {
    vec3 rel = (p3d_ModelMatrix * p3d_Vertex).xyz - vitrine_lm_origin;
    v_lm = vec2(dot(rel, vitrine_lm_u), dot(rel, vitrine_lm_v));
    v_position = (p3d_ModelViewMatrix * p3d_Vertex).xyz;
    v_light = p3d_Color;
    v_uv = p3d_MultiTexCoord0;
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
}
