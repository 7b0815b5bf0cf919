<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0-Firenze" styleCategories="Symbology">
  <renderer-v2 type="graduatedSymbol" attr="utilisation_pct" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
    <ranges>
      <range lower="0" upper="40" symbol="0" label="&lt;= 40 %" render="true"/>
      <range lower="40" upper="60" symbol="1" label="41-60 %" render="true"/>
      <range lower="60" upper="80" symbol="2" label="61-80 %" render="true"/>
      <range lower="80" upper="100" symbol="3" label="81-100 %" render="true"/>
      <range lower="100" upper="100000" symbol="4" label="&gt; 100 %" render="true"/>
    </ranges>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="123,50,148,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="194,165,207,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="166,219,160,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="0,136,55,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="215,25,28,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </symbols>
    <source-symbol>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="190,190,190,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties" type="Map"><Option name="size" type="Map"><Option name="active" type="bool" value="true"/><Option name="expression" type="QString" value='coalesce(scale_linear("roll", 0, 1500, 2.5, 9), 2.5)'/><Option name="type" type="int" value="3"/></Option></Option><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </source-symbol>
    <mode name="equal"/>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  <layerGeometryType>0</layerGeometryType>
</qgis>
